<?php
/**
 * Hooks: recording events on save, cron, activation.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Wires the plugin into WordPress. Saving a post only writes one outbox row; sending happens in
 * WP-Cron (a single event scheduled right away, plus a recurring safety net every five minutes).
 */
final class Plugin {

	const CRON_HOOK      = 'hookwarden_bridge_flush';
	const RECURRING_HOOK = 'hookwarden_bridge_flush_recurring';
	const SCHEDULE       = 'hookwarden_bridge_5min';

	/** Seconds within which the block editor's meta box save is recognised as the same save. */
	const META_BOX_WINDOW = 120;

	/** @var array<string,bool> Body hashes recorded during this request. */
	private static $seen = array();

	/** @var bool Whether this request recorded an event. */
	private static $recorded = false;

	/**
	 * Register hooks.
	 */
	public static function init(): void {
		add_action( 'init', array( __CLASS__, 'load_textdomain' ) );
		add_action( 'init', array( __CLASS__, 'maybe_upgrade' ) );
		add_filter( 'cron_schedules', array( __CLASS__, 'cron_schedules' ) ); // phpcs:ignore WordPress.WP.CronInterval
		add_action( 'wp_after_insert_post', array( __CLASS__, 'on_after_insert_post' ), 10, 4 );
		add_action( 'deleted_post', array( __CLASS__, 'on_deleted_post' ), 10, 2 );
		add_action( self::CRON_HOOK, array( __CLASS__, 'run_flush' ) );
		add_action( self::RECURRING_HOOK, array( __CLASS__, 'run_flush' ) );
		add_action( 'shutdown', array( __CLASS__, 'maybe_spawn_cron' ), 100 );
		if ( is_admin() ) {
			Admin::init();
		}
	}

	/**
	 * Load translations.
	 */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'hookwarden-bridge', false, dirname( plugin_basename( HOOKWARDEN_BRIDGE_FILE ) ) . '/languages' );
	}

	/**
	 * Create the table when missing (e.g. a new site of a network), keep the recurring event.
	 */
	public static function maybe_upgrade(): void {
		if ( Outbox::DB_VERSION !== get_option( Outbox::DB_VERSION_OPTION ) ) {
			Outbox::install();
		}
		if ( ! wp_next_scheduled( self::RECURRING_HOOK ) ) {
			wp_schedule_event( time() + 300, self::SCHEDULE, self::RECURRING_HOOK );
		}
	}

	/**
	 * Add the five-minute schedule.
	 *
	 * @param array<string,array<string,mixed>> $schedules Schedules.
	 * @return array<string,array<string,mixed>>
	 */
	public static function cron_schedules( $schedules ) {
		$schedules[ self::SCHEDULE ] = array(
			'interval' => 300,
			'display'  => __( 'Every five minutes (Hookwarden Bridge)', 'hookwarden-bridge' ),
		);
		return $schedules;
	}

	/**
	 * Activation: table, default options, recurring event (every site when network-activated).
	 *
	 * @param bool $network_wide Network activation.
	 */
	public static function activate( $network_wide = false ): void {
		if ( is_multisite() && $network_wide ) {
			foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $site_id ) {
				switch_to_blog( (int) $site_id );
				self::activate_site();
				restore_current_blog();
			}
			return;
		}
		self::activate_site();
	}

	/**
	 * Activation of the current site.
	 */
	private static function activate_site(): void {
		Outbox::install();
		add_option( Settings::OPTION, Settings::defaults() );
		if ( ! wp_next_scheduled( self::RECURRING_HOOK ) ) {
			wp_schedule_event( time() + 300, self::SCHEDULE, self::RECURRING_HOOK );
		}
	}

	/**
	 * Deactivation: stop cron (data is kept until uninstall).
	 */
	public static function deactivate(): void {
		wp_clear_scheduled_hook( self::CRON_HOOK );
		wp_clear_scheduled_hook( self::RECURRING_HOOK );
	}

	/**
	 * wp_after_insert_post: fires once per save, after terms and meta (also for REST saves).
	 *
	 * @param int           $post_id     Post id.
	 * @param \WP_Post      $post        Post after the save.
	 * @param bool          $update      Whether an existing post was updated.
	 * @param \WP_Post|null $post_before Post before the save (null when new).
	 */
	public static function on_after_insert_post( $post_id, $post, $update, $post_before ): void {
		if ( ! $post instanceof \WP_Post || ! self::is_candidate( $post ) ) {
			return;
		}
		if ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) {
			return;
		}
		$before = $post_before instanceof \WP_Post ? $post_before->post_status : null;
		$event  = EventResolver::for_save( (bool) $update, $before, (string) $post->post_status );
		if ( null !== $event ) {
			self::record( $event, $post );
		}
	}

	/**
	 * deleted_post: the post row is gone; $post is the object as it was.
	 *
	 * @param int           $post_id Post id.
	 * @param \WP_Post|null $post    Post as it was.
	 */
	public static function on_deleted_post( $post_id, $post = null ): void {
		if ( ! $post instanceof \WP_Post || ! self::is_candidate( $post ) ) {
			return;
		}
		$event = EventResolver::for_delete( (string) $post->post_status );
		if ( null !== $event ) {
			self::record( $event, $post );
		}
	}

	/**
	 * Configured, right post type, not a revision or autosave.
	 *
	 * @param \WP_Post $post Post.
	 */
	private static function is_candidate( \WP_Post $post ): bool {
		if ( ! Settings::is_ready() ) {
			return false;
		}
		if ( 'revision' === $post->post_type || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return false;
		}
		return Settings::post_type_enabled( (string) $post->post_type );
	}

	/**
	 * Build the body once and store it in the outbox. No network I/O here.
	 *
	 * @param string   $event Event type.
	 * @param \WP_Post $post  Post.
	 * @return int Outbox row id, 0 when nothing was recorded.
	 */
	public static function record( string $event, \WP_Post $post ): int {
		if ( ! Settings::event_enabled( $event ) ) {
			return 0;
		}
		/**
		 * Filters whether an event is recorded.
		 *
		 * @param bool     $send  Whether to record it.
		 * @param string   $event Event type.
		 * @param \WP_Post $post  Post.
		 */
		if ( ! apply_filters( 'hookwarden_bridge_should_send', true, $event, $post ) ) {
			return 0;
		}
		$payload = Payload::for_post( $event, $post );
		$body    = wp_json_encode( $payload );
		if ( ! is_string( $body ) ) {
			return 0;
		}
		$sha = hash( 'sha256', $body );
		if ( isset( self::$seen[ $sha ] ) ) {
			return 0; // The same save fired twice in this request.
		}
		self::$seen[ $sha ] = true;

		$fingerprint = Payload::fingerprint( $payload );
		if ( self::is_meta_box_save() && Outbox::latest_has_fingerprint( (int) $post->ID, $fingerprint, self::META_BOX_WINDOW ) ) {
			return 0; // The block editor's second request for meta boxes: same content, already recorded.
		}

		$id = Outbox::record( $event, (int) $post->ID, $body, $fingerprint, Payload::site_url() );
		if ( $id > 0 ) {
			self::$recorded = true;
			self::schedule_flush( time() );
			do_action( 'hookwarden_bridge_recorded', $id, $event, (int) $post->ID );
		}
		return $id;
	}

	/**
	 * Whether this is the block editor's legacy meta box request (post.php?meta-box-loader=1),
	 * which saves the post a second time right after the REST save.
	 */
	private static function is_meta_box_save(): bool {
		return isset( $_GET['meta-box-loader'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
	}

	/**
	 * Make sure a single flush event is scheduled no later than $when.
	 *
	 * @param int $when Unix time.
	 */
	public static function schedule_flush( int $when ): void {
		$when     = max( time(), $when );
		$existing = wp_next_scheduled( self::CRON_HOOK );
		if ( false !== $existing && $existing <= $when ) {
			return;
		}
		if ( false !== $existing ) {
			wp_unschedule_event( $existing, self::CRON_HOOK );
		}
		wp_schedule_single_event( $when, self::CRON_HOOK );
	}

	/**
	 * Send outbox rows again, now: every failed row, or one row whatever its state (an operator's
	 * forced retry). The same bytes go out under the same key, so a row that had been delivered
	 * is answered 200 duplicate with the original event_id.
	 *
	 * @param int|null $id One row, or null for every failed row.
	 * @return int Rows requeued.
	 */
	public static function resend( ?int $id = null ): int {
		$count = Outbox::requeue( $id );
		if ( $count > 0 ) {
			self::schedule_flush( time() );
		}
		return $count;
	}

	/**
	 * Cron callback.
	 */
	public static function run_flush(): void {
		Dispatcher::flush();
	}

	/**
	 * After a request that recorded events, ask WP-Cron to run now. spawn_cron() is WordPress's own
	 * non-blocking loopback request (0.01 s timeout), so the editor does not wait for delivery.
	 */
	public static function maybe_spawn_cron(): void {
		if ( ! self::$recorded || wp_doing_cron() || wp_installing() ) {
			return;
		}
		if ( ( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON ) || ( defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON ) ) {
			return;
		}
		if ( apply_filters( 'hookwarden_bridge_spawn_cron', true ) ) {
			spawn_cron();
		}
	}

	/**
	 * Reset per-request memory (tests, long-running processes).
	 */
	public static function reset_request_state(): void {
		self::$seen     = array();
		self::$recorded = false;
	}
}
