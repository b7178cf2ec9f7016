<?php
/**
 * Runs one step of the integration test inside the test WordPress, as one PHP process (the way a
 * web request or a wp-cron.php request would), and prints its result as JSON after a marker line.
 *
 * Usage: php wp-runner.php COMMAND [JSON_ARGS]
 *
 * @package HookwardenBridge
 */

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals

$hw_cmd  = $argv[1] ?? '';
$hw_args = isset( $argv[2] ) ? json_decode( $argv[2], true ) : array();
if ( ! is_array( $hw_args ) ) {
	fwrite( STDERR, "wp-runner: arguments must be a JSON object\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST']       = '127.0.0.2:9';
$_SERVER['SERVER_NAME']     = '127.0.0.2';
$_SERVER['SERVER_PORT']     = '9';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['REQUEST_URI']     = 'cron' === $hw_cmd ? '/wp-cron.php' : '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

if ( 'install' === $hw_cmd ) {
	define( 'WP_INSTALLING', true );
}
if ( in_array( $hw_cmd, array( 'notices', 'settings-page', 'test-event' ), true ) ) {
	define( 'WP_ADMIN', true ); // Like a request under /wp-admin/.
}
if ( 'metabox-resave' === $hw_cmd ) {
	// The block editor's second request: post.php?...&meta-box-loader=1.
	$_GET['meta-box-loader'] = '1';
	$_SERVER['REQUEST_URI']  = '/wp-admin/post.php?post=' . (int) ( $hw_args['id'] ?? 0 ) . '&action=edit&meta-box-loader=1';
}

/**
 * Print the step's result.
 *
 * @param mixed $result Result.
 */
function hw_result( $result ) {
	echo "\n@@HW_RESULT@@" . json_encode( $result ) . "\n";
}

require __DIR__ . '/wp-config.php';
require ABSPATH . 'wp-settings.php';

if ( 'cron' === $hw_cmd ) {
	// What WP-Cron's own loopback request does: run wp-cron.php, carrying the spawn's lock if a
	// spawn_cron() left one (spawn_cron passes it as ?doing_wp_cron=).
	$hw_lock = get_transient( 'doing_cron' );
	if ( $hw_lock ) {
		$_GET['doing_wp_cron'] = $hw_lock;
	}
	register_shutdown_function(
		static function () {
			hw_result( array( 'ran' => true ) );
		}
	);
	require ABSPATH . 'wp-cron.php';
	exit( 0 );
}

/**
 * Log in as the administrator created by the install step.
 */
function hw_as_admin() {
	$user = get_user_by( 'login', 'admin' );
	wp_set_current_user( $user->ID );
	return $user->ID;
}

/**
 * Rows of the outbox.
 */
function hw_outbox_rows() {
	global $wpdb;
	$table = $wpdb->prefix . 'hookwarden_outbox';
	if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) !== $table ) {
		return null;
	}
	return $wpdb->get_results( "SELECT * FROM {$table} ORDER BY id ASC", ARRAY_A ); // phpcs:ignore
}

/**
 * Run one command.
 *
 * @param string $cmd  Command.
 * @param array  $args Arguments.
 * @return mixed
 */
function hw_run( $cmd, array $args ) {
	global $wpdb;
	$plugin = 'hookwarden-bridge/hookwarden-bridge.php';
	switch ( $cmd ) {
		case 'install':
			require_once ABSPATH . 'wp-admin/includes/upgrade.php';
			$result = wp_install( 'Hookwarden IT', 'admin', 'admin@example.invalid', false, '', 'admin-password' );
			return array(
				'user_id'    => $result['user_id'],
				'wp_version' => get_bloginfo( 'version' ),
				'home'       => get_option( 'home' ),
			);

		case 'activate':
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
			hw_as_admin();
			$error = activate_plugin( $plugin );
			return array(
				'error'     => is_wp_error( $error ) ? $error->get_error_message() : null,
				'active'    => is_plugin_active( $plugin ),
				'table'     => null !== hw_outbox_rows(),
				'settings'  => get_option( 'hookwarden_bridge_settings' ),
				'recurring' => (bool) wp_next_scheduled( 'hookwarden_bridge_flush_recurring' ),
				'schedule'  => wp_get_schedule( 'hookwarden_bridge_flush_recurring' ),
			);

		case 'configure':
			$settings = array_merge( \Hookwarden\Bridge\Settings::get(), $args );
			update_option( \Hookwarden\Bridge\Settings::OPTION, $settings );
			return \Hookwarden\Bridge\Settings::get();

		case 'sanitize':
			return \Hookwarden\Bridge\Settings::sanitize( $args );

		case 'create':
			hw_as_admin();
			$id = wp_insert_post(
				array(
					'post_type'    => $args['post_type'] ?? 'post',
					'post_title'   => $args['title'] ?? 'Untitled',
					'post_content' => $args['content'] ?? 'Body',
					'post_status'  => $args['status'] ?? 'draft',
				),
				true
			);
			return array( 'id' => is_wp_error( $id ) ? $id->get_error_message() : $id );

		case 'update':
			hw_as_admin();
			if ( isset( $args['pin_modified_gmt'] ) ) {
				// Make every save of this request land in the same second (WordPress stores the
				// modified time with one-second resolution).
				add_filter(
					'wp_insert_post_data',
					static function ( $data ) use ( $args ) {
						$data['post_modified_gmt'] = $args['pin_modified_gmt'];
						$data['post_modified']     = get_date_from_gmt( $args['pin_modified_gmt'] );
						return $data;
					}
				);
			}
			$updates = array();
			foreach ( $args['saves'] ?? array( $args ) as $fields ) {
				$updates[] = wp_update_post( $fields, true );
			}
			return array( 'results' => $updates );

		case 'publish':
			hw_as_admin();
			wp_publish_post( (int) $args['id'] );
			return array( 'status' => get_post_status( (int) $args['id'] ) );

		case 'trash':
			hw_as_admin();
			return array( 'trashed' => (bool) wp_trash_post( (int) $args['id'] ) );

		case 'delete':
			hw_as_admin();
			return array( 'deleted' => (bool) wp_delete_post( (int) $args['id'], true ) );

		case 'autosave':
			hw_as_admin();
			require_once ABSPATH . 'wp-admin/includes/post.php';
			$autosave = wp_create_post_autosave(
				array(
					'post_ID'      => (int) $args['id'],
					'post_title'   => 'Autosaved title',
					'post_content' => 'Autosaved content',
					'post_excerpt' => '',
				)
			);
			return array( 'autosave' => is_wp_error( $autosave ) ? $autosave->get_error_message() : $autosave );

		case 'rest':
			hw_as_admin();
			$request = new WP_REST_Request( $args['method'], $args['route'] );
			foreach ( $args['params'] ?? array() as $key => $value ) {
				$request->set_param( $key, $value );
			}
			$response = rest_do_request( $request );
			$data     = $response->get_data();
			return array(
				'status' => $response->get_status(),
				'id'     => is_array( $data ) && isset( $data['id'] ) ? $data['id'] : null,
			);

		case 'metabox-resave':
			hw_as_admin();
			// edit_post() of the meta box request saves the same content again.
			return array( 'result' => wp_update_post( array( 'ID' => (int) $args['id'] ), true ) );

		case 'double-fire':
			// One save whose hook fires again (as when save_post/wp_after_insert_post is re-triggered
			// for the same save within a request): still one event.
			hw_as_admin();
			$before = get_post( (int) $args['id'] );
			wp_update_post( array( 'ID' => $before->ID, 'post_title' => $args['title'] ) );
			$after = get_post( $before->ID );
			do_action( 'wp_after_insert_post', $after->ID, $after, true, $before );
			do_action( 'wp_after_insert_post', $after->ID, $after, true, $before );
			return array( 'ok' => true );

		case 'outbox':
			return hw_outbox_rows();

		case 'requeue':
			return array( 'requeued' => \Hookwarden\Bridge\Plugin::resend( isset( $args['id'] ) ? (int) $args['id'] : null ) );

		case 'tamper':
			// Simulate a key reused with a different body: change the stored bytes, keep the key.
			$row  = \Hookwarden\Bridge\Outbox::get( (int) $args['id'] );
			$body = str_replace( '"title":"', '"title":"tampered ', $row->body );
			$wpdb->update(
				\Hookwarden\Bridge\Outbox::table(),
				array(
					'body'        => $body,
					'body_sha256' => hash( 'sha256', $body ),
				),
				array( 'id' => (int) $args['id'] )
			);
			return array( 'changed' => $body !== $row->body );

		case 'corrupt':
			// Change the stored bytes without their hash: the plugin must refuse to send them.
			$wpdb->query( $wpdb->prepare( 'UPDATE ' . \Hookwarden\Bridge\Outbox::table() . " SET body = CONCAT(body, ' ') WHERE id = %d", (int) $args['id'] ) ); // phpcs:ignore
			return array( 'ok' => true );

		case 'cron-events':
			$events = array();
			foreach ( (array) _get_cron_array() as $time => $hooks ) {
				foreach ( $hooks as $hook => $instances ) {
					if ( 0 === strpos( $hook, 'hookwarden_bridge' ) ) {
						$events[] = array(
							'hook' => $hook,
							'time' => (int) $time,
						);
					}
				}
			}
			return array(
				'now'    => time(),
				'events' => $events,
			);

		case 'test-event':
			// What the "Send test event" button does, then the page it redirects to.
			require_once ABSPATH . 'wp-admin/includes/admin.php';
			hw_as_admin();
			$result = \Hookwarden\Bridge\Admin::run_test();
			do_action( 'admin_init' );
			ob_start();
			\Hookwarden\Bridge\Admin::render_page();
			$result['page'] = ob_get_clean();
			return $result;

		case 'notices':
			require_once ABSPATH . 'wp-admin/includes/admin.php';
			hw_as_admin();
			ob_start();
			do_action( 'admin_notices' );
			return array( 'html' => ob_get_clean() );

		case 'settings-page':
			require_once ABSPATH . 'wp-admin/includes/admin.php';
			hw_as_admin();
			do_action( 'admin_init' );
			ob_start();
			\Hookwarden\Bridge\Admin::render_page();
			return array( 'html' => ob_get_clean() );

		case 'options-containing':
			$like = '%' . $wpdb->esc_like( (string) $args['needle'] ) . '%';
			return $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_value LIKE %s", $like ) );

		case 'uninstall':
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
			require_once ABSPATH . 'wp-admin/includes/file.php';
			hw_as_admin();
			deactivate_plugins( $plugin );
			$uninstalled = uninstall_plugin( $plugin );
			$left        = $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%hookwarden%'" ); // phpcs:ignore
			return array(
				'uninstall_result' => $uninstalled,
				'table'            => null !== hw_outbox_rows(),
				'options_left'     => $left,
				'cron_left'        => (bool) wp_next_scheduled( 'hookwarden_bridge_flush_recurring' ) || (bool) wp_next_scheduled( 'hookwarden_bridge_flush' ),
			);
	}
	fwrite( STDERR, "wp-runner: unknown command {$cmd}\n" );
	exit( 2 );
}

hw_result( hw_run( $hw_cmd, $hw_args ) );
