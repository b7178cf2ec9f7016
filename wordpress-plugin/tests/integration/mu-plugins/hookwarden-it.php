<?php
/**
 * Plugin Name: Hookwarden Bridge integration-test helpers
 * Description: Test-only settings a site owner with a private endpoint would also need, plus guards.
 *
 * @package HookwardenBridge
 */

// The receiver runs on 127.0.0.1: WordPress's safe HTTP API refuses loopback/private hosts
// unless this filter says the host is allowed (documented in the plugin's readme.txt).
// HW_IT_NO_HOST_FILTER=1 leaves it out, to show what happens without it.
if ( '1' !== getenv( 'HW_IT_NO_HOST_FILTER' ) ) {
	add_filter(
		'http_request_host_is_external',
		static function ( $external, $host ) {
			return $external || '127.0.0.1' === $host;
		},
		10,
		2
	);
}

// The receiver listens on a random port; the safe HTTP API allows only 80, 443 and 8080 by default.
add_filter(
	'http_allowed_safe_ports',
	static function ( $ports, $host, $url ) {
		if ( '127.0.0.1' === $host ) {
			$ports[] = (int) wp_parse_url( $url, PHP_URL_PORT );
		}
		return $ports;
	},
	10,
	3
);

// Short backoff so the retry scenarios finish in seconds.
add_filter(
	'hookwarden_bridge_retry_policy',
	static function ( $args ) {
		$args['base_delay']   = (int) ( getenv( 'HW_IT_BASE_DELAY' ) ?: 2 );
		$args['max_delay']    = 10;
		$args['jitter']       = 0.0;
		$args['max_attempts'] = 4;
		return $args;
	}
);

// Record, but do not perform, WP-Cron's loopback spawn (the site address has no web server); any
// other request to a host other than 127.0.0.1 is refused.
add_filter(
	'pre_http_request',
	static function ( $pre, $args, $url ) {
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( false !== strpos( $url, '/wp-cron.php' ) ) {
			file_put_contents(
				getenv( 'HW_IT_TMP' ) . '/cron-spawns.log',
				wp_json_encode(
					array(
						'url'      => $url,
						'blocking' => (bool) $args['blocking'],
						'timeout'  => $args['timeout'],
						'shutdown' => doing_action( 'shutdown' ),
						'pid'      => getmypid(),
					)
				) . "\n",
				FILE_APPEND | LOCK_EX
			);
			return array(
				'headers'  => array(),
				'body'     => '',
				'response' => array( 'code' => 200, 'message' => 'OK' ),
				'cookies'  => array(),
				'filename' => null,
			);
		}
		if ( '127.0.0.1' !== $host ) {
			return new WP_Error( 'hookwarden_it_blocked', 'Integration test: only 127.0.0.1 may be contacted, not ' . $host );
		}
		return $pre;
	},
	10,
	3
);

// Small bounds for the boundedness scenario, set per process.
foreach ( array( 'HW_IT_MAX_PENDING' => 'hookwarden_bridge_max_pending', 'HW_IT_KEEP_DELIVERED' => 'hookwarden_bridge_keep_delivered' ) as $hw_it_env_name => $hw_it_filter ) {
	if ( false !== getenv( $hw_it_env_name ) && '' !== getenv( $hw_it_env_name ) ) {
		add_filter(
			$hw_it_filter,
			static function () use ( $hw_it_env_name ) {
				return (int) getenv( $hw_it_env_name );
			}
		);
	}
}

// No mail from the test site.
add_filter( 'pre_wp_mail', '__return_false' );

// A post type that is not selected in the plugin's settings.
add_action(
	'init',
	static function () {
		register_post_type( 'hw_note', array( 'public' => true, 'label' => 'Notes', 'show_in_rest' => true ) );
	}
);
