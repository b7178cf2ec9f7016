<?php
/**
 * Settings → Hookwarden page and admin notices.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Settings API page, "Send test event", outbox status, notices.
 */
final class Admin {

	const PAGE  = 'hookwarden-bridge';
	const GROUP = 'hookwarden_bridge';

	/**
	 * Register admin hooks.
	 */
	public static function init(): void {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
		add_action( 'admin_init', array( __CLASS__, 'register' ) );
		add_action( 'admin_notices', array( __CLASS__, 'notices' ) );
		add_action( 'admin_post_hookwarden_bridge_test', array( __CLASS__, 'handle_test' ) );
		add_action( 'admin_post_hookwarden_bridge_outbox', array( __CLASS__, 'handle_outbox' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( HOOKWARDEN_BRIDGE_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * Settings → Hookwarden.
	 */
	public static function menu(): void {
		add_options_page(
			__( 'Hookwarden Bridge', 'hookwarden-bridge' ),
			__( 'Hookwarden', 'hookwarden-bridge' ),
			'manage_options',
			self::PAGE,
			array( __CLASS__, 'render_page' )
		);
	}

	/**
	 * "Settings" link on the Plugins screen.
	 *
	 * @param array<int|string,string> $links Links.
	 * @return array<int|string,string>
	 */
	public static function action_links( $links ) {
		$links[] = '<a href="' . esc_url( self::page_url() ) . '">' . esc_html__( 'Settings', 'hookwarden-bridge' ) . '</a>';
		return $links;
	}

	/** @return string */
	public static function page_url(): string {
		return admin_url( 'options-general.php?page=' . self::PAGE );
	}

	/**
	 * Settings API registration.
	 */
	public static function register(): void {
		register_setting(
			self::GROUP,
			Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( Settings::class, 'sanitize' ),
				'default'           => Settings::defaults(),
			)
		);
		add_settings_section( 'hookwarden_bridge_main', __( 'Delivery', 'hookwarden-bridge' ), array( __CLASS__, 'section_intro' ), self::PAGE );
		$fields = array(
			'endpoint_url' => __( 'Endpoint URL', 'hookwarden-bridge' ),
			'source'       => __( 'Source name', 'hookwarden-bridge' ),
			'secret'       => __( 'Secret', 'hookwarden-bridge' ),
			'events'       => __( 'Events to send', 'hookwarden-bridge' ),
			'post_types'   => __( 'Post types', 'hookwarden-bridge' ),
			'timeout'      => __( 'Timeout (seconds)', 'hookwarden-bridge' ),
		);
		foreach ( $fields as $field => $label ) {
			add_settings_field(
				'hookwarden_bridge_' . $field,
				$label,
				array( __CLASS__, 'field_' . $field ),
				self::PAGE,
				'hookwarden_bridge_main',
				'secret' === $field ? array() : array( 'label_for' => 'hookwarden_bridge_' . $field )
			);
		}
	}

	/**
	 * Intro text.
	 */
	public static function section_intro(): void {
		echo '<p>' . esc_html__( 'Each enabled change of a post is stored in an outbox and sent, signed with hmac-sha256-v1, by WP-Cron. Saving a post never waits for the network.', 'hookwarden-bridge' ) . '</p>';
	}

	/** Endpoint field. */
	public static function field_endpoint_url(): void {
		printf(
			'<input type="url" class="regular-text code" id="hookwarden_bridge_endpoint_url" name="%1$s[endpoint_url]" value="%2$s" placeholder="https://hooks.example.com/webhooks/wordpress" />',
			esc_attr( Settings::OPTION ),
			esc_attr( Settings::endpoint() )
		);
		echo '<p class="description">' . esc_html__( 'The Hookwarden ingest URL, e.g. https://hooks.example.com/webhooks/wordpress (or …/webhooks/ingest, which routes by the X-Source header).', 'hookwarden-bridge' ) . '</p>';
	}

	/** Source field. */
	public static function field_source(): void {
		printf(
			'<input type="text" class="regular-text code" id="hookwarden_bridge_source" name="%1$s[source]" value="%2$s" />',
			esc_attr( Settings::OPTION ),
			esc_attr( Settings::source() )
		);
		echo '<p class="description">' . esc_html__( 'Sent as X-Source; must be the name of the WebhookSource (default: wordpress).', 'hookwarden-bridge' ) . '</p>';
	}

	/** Secret status (never the value). */
	public static function field_secret(): void {
		$constant = Settings::secret_constant();
		if ( null === $constant ) {
			echo '<p><strong>' . esc_html__( 'Not defined. Nothing is sent.', 'hookwarden-bridge' ) . '</strong></p>';
			echo '<p class="description">' . wp_kses_post(
				sprintf(
					/* translators: %s: PHP code. */
					__( 'Add %s to wp-config.php. The secret is never stored in the database nor shown here.', 'hookwarden-bridge' ),
					"<code>define( 'HOOKWARDEN_SECRET', '…' );</code>"
				)
			) . '</p>';
			return;
		}
		echo '<p>' . wp_kses_post(
			sprintf(
				/* translators: %s: constant name. */
				__( 'Defined in wp-config.php as %s (value hidden).', 'hookwarden-bridge' ),
				'<code>' . esc_html( $constant ) . '</code>'
			)
		) . '</p>';
	}

	/** Events field. */
	public static function field_events(): void {
		$labels = array(
			EventResolver::CREATED   => __( 'created (new draft, pending or private post)', 'hookwarden-bridge' ),
			EventResolver::UPDATED   => __( 'updated', 'hookwarden-bridge' ),
			EventResolver::PUBLISHED => __( 'published', 'hookwarden-bridge' ),
			EventResolver::TRASHED   => __( 'moved to the trash', 'hookwarden-bridge' ),
			EventResolver::DELETED   => __( 'deleted permanently', 'hookwarden-bridge' ),
		);
		echo '<fieldset id="hookwarden_bridge_events">';
		foreach ( $labels as $event => $label ) {
			printf(
				'<label><input type="checkbox" name="%1$s[events][]" value="%2$s" %3$s /> <code>%4$s</code> — %5$s</label><br />',
				esc_attr( Settings::OPTION ),
				esc_attr( $event ),
				checked( Settings::event_enabled( $event ), true, false ),
				esc_html( $event ),
				esc_html( $label )
			);
		}
		echo '</fieldset>';
	}

	/** Post types field. */
	public static function field_post_types(): void {
		$types = get_post_types( array( 'show_ui' => true ), 'objects' );
		unset( $types['attachment'], $types['wp_block'], $types['wp_template'], $types['wp_template_part'], $types['wp_navigation'] );
		echo '<fieldset id="hookwarden_bridge_post_types">';
		foreach ( $types as $name => $type ) {
			printf(
				'<label><input type="checkbox" name="%1$s[post_types][]" value="%2$s" %3$s /> %4$s <code>%2$s</code></label><br />',
				esc_attr( Settings::OPTION ),
				esc_attr( $name ),
				checked( Settings::post_type_enabled( $name ), true, false ),
				esc_html( $type->labels->singular_name )
			);
		}
		echo '</fieldset>';
	}

	/** Timeout field. */
	public static function field_timeout(): void {
		printf(
			'<input type="number" class="small-text" id="hookwarden_bridge_timeout" name="%1$s[timeout]" value="%2$d" min="%3$d" max="%4$d" />',
			esc_attr( Settings::OPTION ),
			(int) Settings::timeout(),
			(int) Settings::MIN_TIMEOUT,
			(int) Settings::MAX_TIMEOUT
		);
		echo '<p class="description">' . esc_html__( 'Per request, in WP-Cron. A timeout counts as a failed attempt and is retried.', 'hookwarden-bridge' ) . '</p>';
	}

	/**
	 * The page.
	 */
	public static function render_page(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'Hookwarden Bridge', 'hookwarden-bridge' ) . '</h1>';
		settings_errors( Settings::OPTION );
		echo '<form method="post" action="options.php">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';

		echo '<h2>' . esc_html__( 'Send test event', 'hookwarden-bridge' ) . '</h2>';
		echo '<p>' . esc_html__( 'Sends one signed test.ping event right now (not through the outbox) and shows the answer.', 'hookwarden-bridge' ) . '</p>';
		self::render_test_result();
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="hookwarden_bridge_test" />';
		wp_nonce_field( 'hookwarden_bridge_test' );
		submit_button( __( 'Send test event', 'hookwarden-bridge' ), 'secondary', 'hookwarden_bridge_send_test', false, Settings::is_ready() ? array() : array( 'disabled' => 'disabled' ) );
		echo '</form>';

		self::render_outbox();
		echo '</div>';
	}

	/**
	 * Answer of the last test event of this user.
	 */
	private static function render_test_result(): void {
		$key    = 'hookwarden_bridge_test_' . get_current_user_id();
		$result = get_transient( $key );
		if ( ! is_array( $result ) ) {
			return;
		}
		delete_transient( $key );
		$ok    = isset( $result['status'] ) && $result['status'] >= 200 && $result['status'] < 300;
		$class = $ok ? 'notice-success' : 'notice-error';
		echo '<div class="notice ' . esc_attr( $class ) . ' inline hookwarden-bridge-test-result"><p><strong>';
		if ( null === $result['status'] ) {
			echo esc_html__( 'No answer:', 'hookwarden-bridge' ) . '</strong> ' . esc_html( (string) $result['error'] );
		} else {
			/* translators: %d: HTTP status code. */
			echo esc_html( sprintf( __( 'HTTP status %d', 'hookwarden-bridge' ), (int) $result['status'] ) ) . '</strong>';
		}
		echo '</p>';
		if ( '' !== (string) $result['body'] ) {
			echo '<pre style="white-space:pre-wrap">' . esc_html( (string) $result['body'] ) . '</pre>';
		}
		echo '</div>';
	}

	/**
	 * Outbox counters and actions.
	 */
	private static function render_outbox(): void {
		$stats = Outbox::stats();
		$state = Outbox::state();
		echo '<h2>' . esc_html__( 'Outbox', 'hookwarden-bridge' ) . '</h2>';
		echo '<table class="widefat striped" style="max-width:40em"><tbody>';
		$rows = array(
			__( 'Pending', 'hookwarden-bridge' )   => $stats['counts']['pending'],
			__( 'Delivered (kept for reference)', 'hookwarden-bridge' ) => $stats['counts']['delivered'],
			__( 'Failed', 'hookwarden-bridge' )    => $stats['counts']['failed'],
			/* translators: %d: cap on pending events. */
			sprintf( __( 'Dropped (outbox full, cap %d pending)', 'hookwarden-bridge' ), Outbox::max_pending() ) => (int) $state['dropped'],
		);
		foreach ( $rows as $label => $value ) {
			echo '<tr><th>' . esc_html( $label ) . '</th><td>' . esc_html( number_format_i18n( (int) $value ) ) . '</td></tr>';
		}
		echo '</tbody></table>';
		if ( $stats['retrying'] ) {
			echo '<p>' . esc_html(
				sprintf(
					/* translators: 1: event type, 2: attempts, 3: error. */
					__( 'Retrying %1$s after %2$d attempt(s); last error: %3$s', 'hookwarden-bridge' ),
					$stats['retrying']->event_type,
					(int) $stats['retrying']->attempts,
					(string) $stats['retrying']->last_error
				)
			) . '</p>';
		}
		if ( $stats['last_failed'] ) {
			echo '<p>' . esc_html(
				sprintf(
					/* translators: 1: event type, 2: post id, 3: error. */
					__( 'Last failure: %1$s of post %2$d: %3$s', 'hookwarden-bridge' ),
					$stats['last_failed']->event_type,
					(int) $stats['last_failed']->post_id,
					(string) $stats['last_failed']->last_error
				)
			) . '</p>';
		}
		if ( $stats['counts']['failed'] > 0 || (int) $state['dropped'] > 0 ) {
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			echo '<input type="hidden" name="action" value="hookwarden_bridge_outbox" />';
			wp_nonce_field( 'hookwarden_bridge_outbox' );
			if ( $stats['counts']['failed'] > 0 ) {
				submit_button( __( 'Retry failed events', 'hookwarden-bridge' ), 'secondary', 'retry_failed', false );
				echo ' ';
				submit_button( __( 'Discard failed events', 'hookwarden-bridge' ), 'delete', 'discard_failed', false );
				echo ' ';
			}
			if ( (int) $state['dropped'] > 0 ) {
				submit_button( __( 'Reset dropped counter', 'hookwarden-bridge' ), 'secondary', 'reset_dropped', false );
			}
			echo '</form>';
		}
	}

	/**
	 * admin-post: send the test event.
	 */
	public static function handle_test(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'hookwarden-bridge' ), 403 );
		}
		check_admin_referer( 'hookwarden_bridge_test' );
		self::run_test();
		wp_safe_redirect( self::page_url() );
		exit;
	}

	/**
	 * Send the test event and keep its answer for the next page view of this user.
	 *
	 * @return array<string,mixed> The result of Dispatcher::send_test_event().
	 */
	public static function run_test(): array {
		$result = Dispatcher::send_test_event();
		set_transient(
			'hookwarden_bridge_test_' . get_current_user_id(),
			array(
				'status' => $result['status'],
				'body'   => $result['body'],
				'error'  => $result['error'],
			),
			5 * MINUTE_IN_SECONDS
		);
		return $result;
	}

	/**
	 * admin-post: retry / discard failed rows, reset the dropped counter.
	 */
	public static function handle_outbox(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'hookwarden-bridge' ), 403 );
		}
		check_admin_referer( 'hookwarden_bridge_outbox' );
		if ( isset( $_POST['retry_failed'] ) ) {
			Plugin::resend();
		} elseif ( isset( $_POST['discard_failed'] ) ) {
			Outbox::discard_failed();
		} elseif ( isset( $_POST['reset_dropped'] ) ) {
			Outbox::update_state( array( 'dropped' => 0 ) );
		}
		wp_safe_redirect( self::page_url() );
		exit;
	}

	/**
	 * Admin notices for administrators: no secret, no endpoint, failed events, dropped events.
	 */
	public static function notices(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$link = '<a href="' . esc_url( self::page_url() ) . '">' . esc_html__( 'Settings → Hookwarden', 'hookwarden-bridge' ) . '</a>';
		if ( '' === Settings::secret() ) {
			self::notice(
				'error',
				sprintf(
					/* translators: 1: PHP code, 2: link. */
					__( 'Hookwarden Bridge sends nothing: no secret is defined. Add %1$s to wp-config.php (AI_BRIDGE_SECRET is also accepted). See %2$s.', 'hookwarden-bridge' ),
					"<code>define( 'HOOKWARDEN_SECRET', '…' );</code>",
					$link
				)
			);
			return;
		}
		if ( '' === Settings::endpoint() ) {
			self::notice(
				'warning',
				sprintf(
					/* translators: %s: link. */
					__( 'Hookwarden Bridge sends nothing until an endpoint URL is set in %s.', 'hookwarden-bridge' ),
					$link
				)
			);
			return;
		}
		$stats = Outbox::stats();
		if ( $stats['counts']['failed'] > 0 && $stats['last_failed'] ) {
			self::notice(
				'error',
				sprintf(
					/* translators: 1: number of events, 2: last error, 3: link. */
					_n(
						'Hookwarden Bridge could not deliver %1$d event. Last error: %2$s. See %3$s.',
						'Hookwarden Bridge could not deliver %1$d events. Last error: %2$s. See %3$s.',
						$stats['counts']['failed'],
						'hookwarden-bridge'
					),
					(int) $stats['counts']['failed'],
					'<code>' . esc_html( (string) $stats['last_failed']->last_error ) . '</code>',
					$link
				)
			);
		}
		if ( $stats['retrying'] && (int) $stats['retrying']->attempts >= 3 ) {
			self::notice(
				'warning',
				sprintf(
					/* translators: 1: number of attempts, 2: last error, 3: link. */
					__( 'Hookwarden Bridge is still retrying after %1$d attempts. Last error: %2$s. See %3$s.', 'hookwarden-bridge' ),
					(int) $stats['retrying']->attempts,
					'<code>' . esc_html( (string) $stats['retrying']->last_error ) . '</code>',
					$link
				)
			);
		}
		$state = Outbox::state();
		if ( (int) $state['dropped'] > 0 ) {
			self::notice(
				'warning',
				sprintf(
					/* translators: 1: number of events, 2: cap, 3: link. */
					__( 'Hookwarden Bridge dropped %1$d event(s) because %2$d events were already waiting in its outbox. See %3$s.', 'hookwarden-bridge' ),
					(int) $state['dropped'],
					Outbox::max_pending(),
					$link
				)
			);
		}
	}

	/**
	 * Print one notice.
	 *
	 * @param string $type    error|warning|success|info.
	 * @param string $message Message (HTML allowed by wp_kses_post).
	 */
	private static function notice( string $type, string $message ): void {
		printf( '<div class="notice notice-%1$s hookwarden-bridge-notice"><p>%2$s</p></div>', esc_attr( $type ), wp_kses_post( $message ) );
	}
}
