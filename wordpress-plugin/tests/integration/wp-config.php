<?php
/**
 * wp-config.php of the throwaway WordPress the integration test installs.
 *
 * Core comes from Debian's `wordpress` package (/usr/share/wordpress); the database is the
 * MariaDB server run-integration.sh starts on a private socket; wp-content lives in the run's
 * temp dir. Loaded by wp-runner.php at global scope.
 *
 * @package HookwardenBridge
 */

$hw_it_env = static function ( string $name ): string {
	$value = getenv( $name );
	if ( false === $value || '' === $value ) {
		fwrite( STDERR, "wp-config.php: environment variable {$name} is not set\n" );
		exit( 2 );
	}
	return $value;
};

define( 'ABSPATH', rtrim( getenv( 'HW_IT_WP_CORE' ) ?: '/usr/share/wordpress', '/' ) . '/' );
define( 'DB_NAME', 'wordpress_it' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'wp' );
define( 'DB_HOST', 'localhost:' . $hw_it_env( 'HW_IT_DB_SOCKET' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

// Loopback-only site address (never the receiver's host, so the http_request_host_is_external
// filter is really exercised). Nothing listens there; the mu-plugin short-circuits cron spawns.
define( 'WP_HOME', 'http://127.0.0.2:9' );
define( 'WP_SITEURL', 'http://127.0.0.2:9' );
define( 'WP_CONTENT_DIR', $hw_it_env( 'HW_IT_TMP' ) . '/wp-content' );
define( 'WP_CONTENT_URL', WP_HOME . '/wp-content' );

// No traffic leaves this machine: only 127.0.0.1 is reachable through the HTTP API.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );

define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', $hw_it_env( 'HW_IT_TMP' ) . '/debug.log' );

foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $hw_it_salt ) {
	define( $hw_it_salt, 'hookwarden-it-' . $hw_it_salt );
}

// The shared secret, as a site owner would put it in wp-config.php. HW_IT_WP_SECRET lets one
// process use a wrong secret; HW_IT_NO_SECRET=1 runs a process without any secret;
// HW_IT_SEED_SECRET=1 defines it under the seed's name AI_BRIDGE_SECRET instead.
if ( '1' !== getenv( 'HW_IT_NO_SECRET' ) ) {
	define( '1' === getenv( 'HW_IT_SEED_SECRET' ) ? 'AI_BRIDGE_SECRET' : 'HOOKWARDEN_SECRET', getenv( 'HW_IT_WP_SECRET' ) ?: $hw_it_env( 'HOOKWARDEN_SECRET' ) );
}

$table_prefix = 'wp_'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
