<?php
/**
 * The bounded outbox table.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Every event is recorded here once, with its exact body, before anything is sent.
 *
 * Rows move pending -> delivered, or pending -> failed (permanent client error, or max attempts).
 * Bounds: at most max_pending() pending rows (new events are dropped and counted beyond that);
 * delivered rows are pruned to the newest keep_delivered() and to delivered_max_age() seconds;
 * failed rows are pruned to the newest keep_failed().
 */
final class Outbox {

	const DB_VERSION        = '1';
	const DB_VERSION_OPTION = 'hookwarden_bridge_db_version';
	const STATE_OPTION      = 'hookwarden_bridge_state';

	const PENDING   = 'pending';
	const DELIVERED = 'delivered';
	const FAILED    = 'failed';

	/** Default cap on pending rows (filter hookwarden_bridge_max_pending). */
	const DEFAULT_MAX_PENDING = 1000;

	/** @return string */
	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'hookwarden_outbox';
	}

	/**
	 * Create or upgrade the table (dbDelta).
	 */
	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		$sql     = "CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  idempotency_key char(64) NOT NULL,
  event_type varchar(32) NOT NULL,
  post_id bigint(20) unsigned NOT NULL DEFAULT 0,
  body longtext NOT NULL,
  body_sha256 char(64) NOT NULL,
  fingerprint char(64) NOT NULL,
  state varchar(16) NOT NULL DEFAULT 'pending',
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  next_attempt_at bigint(20) NOT NULL DEFAULT 0,
  locked_until bigint(20) NOT NULL DEFAULT 0,
  lock_token varchar(32) NOT NULL DEFAULT '',
  created_at bigint(20) NOT NULL DEFAULT 0,
  last_attempt_at bigint(20) NOT NULL DEFAULT 0,
  delivered_at bigint(20) NOT NULL DEFAULT 0,
  last_http_status smallint(5) unsigned NOT NULL DEFAULT 0,
  response_status varchar(32) NOT NULL DEFAULT '',
  event_id varchar(191) NOT NULL DEFAULT '',
  last_error text NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY idempotency_key (idempotency_key),
  KEY state_next (state,next_attempt_at),
  KEY post_state (post_id,state)
) {$charset};";
		dbDelta( $sql );
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION );
	}

	/**
	 * Drop the table (uninstall only).
	 */
	public static function drop(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/** @return int */
	public static function max_pending(): int {
		return max( 1, (int) apply_filters( 'hookwarden_bridge_max_pending', self::DEFAULT_MAX_PENDING ) );
	}

	/** @return int */
	public static function keep_delivered(): int {
		return max( 0, (int) apply_filters( 'hookwarden_bridge_keep_delivered', 500 ) );
	}

	/** @return int */
	public static function keep_failed(): int {
		return max( 0, (int) apply_filters( 'hookwarden_bridge_keep_failed', 500 ) );
	}

	/** @return int */
	public static function delivered_max_age(): int {
		return max( 0, (int) apply_filters( 'hookwarden_bridge_delivered_max_age', 7 * DAY_IN_SECONDS ) );
	}

	/**
	 * Record one event. The body is stored as is and never rebuilt.
	 *
	 * @param string $event       Event type.
	 * @param int    $post_id     Post id (0 for non-post events).
	 * @param string $body        Exact JSON body.
	 * @param string $fingerprint Hash of the payload without type and updated_at.
	 * @param string $site_url    Site URL used in the key.
	 * @return int Row id; 0 when an identical event is already recorded or the outbox is full.
	 */
	public static function record( string $event, int $post_id, string $body, string $fingerprint, string $site_url ): int {
		global $wpdb;
		$sha = hash( 'sha256', $body );
		$key = IdempotencyKey::derive( $site_url, (string) $post_id, $event, $sha );
		if ( self::count( self::PENDING ) >= self::max_pending() ) {
			self::note_dropped( $event, $post_id );
			return 0;
		}
		$now   = time();
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$done = $wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$table} (idempotency_key, event_type, post_id, body, body_sha256, fingerprint, state, attempts, next_attempt_at, created_at)
				 VALUES (%s, %s, %d, %s, %s, %s, 'pending', 0, %d, %d)
				 ON DUPLICATE KEY UPDATE id = id",
				$key,
				$event,
				$post_id,
				$body,
				$sha,
				$fingerprint,
				$now,
				$now
			)
		);
		if ( 1 !== $done ) {
			return 0;
		}
		return (int) $wpdb->insert_id;
	}

	/**
	 * Whether the post's newest recorded event has this fingerprint and is recent.
	 *
	 * @param int    $post_id     Post id.
	 * @param string $fingerprint Fingerprint.
	 * @param int    $within      Seconds.
	 */
	public static function latest_has_fingerprint( int $post_id, string $fingerprint, int $within ): bool {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT fingerprint, created_at FROM {$table} WHERE post_id = %d ORDER BY id DESC LIMIT 1", $post_id ) );
		return $row && hash_equals( (string) $row->fingerprint, $fingerprint ) && ( time() - (int) $row->created_at ) <= $within;
	}

	/**
	 * Pending rows that are due, oldest first. A row waits while an older pending row of the same
	 * post exists, so the events of one post are delivered in order.
	 *
	 * @param int $limit Max rows.
	 * @param int $now   Unix time.
	 * @return array<int,object>
	 */
	public static function due( int $limit, int $now ): array {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT o.* FROM {$table} o
				 WHERE o.state = 'pending' AND o.next_attempt_at <= %d AND o.locked_until <= %d
				 AND NOT EXISTS (SELECT 1 FROM {$table} p WHERE p.post_id = o.post_id AND o.post_id > 0 AND p.state = 'pending' AND p.id < o.id)
				 ORDER BY o.id ASC LIMIT %d",
				$now,
				$now,
				$limit
			)
		);
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * Take a lease on a row so that concurrent cron runs do not send it twice at once.
	 *
	 * @param int    $id    Row id.
	 * @param string $token Lock token.
	 * @param int    $lease Seconds.
	 * @return object|null The row as leased.
	 */
	public static function claim( int $id, string $token, int $lease ) {
		global $wpdb;
		$table = self::table();
		$now   = time();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$done = $wpdb->query( $wpdb->prepare( "UPDATE {$table} SET locked_until = %d, lock_token = %s WHERE id = %d AND state = 'pending' AND locked_until <= %d", $now + $lease, $token, $id, $now ) );
		if ( 1 !== $done ) {
			return null;
		}
		return self::get( $id );
	}

	/**
	 * Store the outcome of an attempt and release the lease.
	 *
	 * @param int                 $id     Row id.
	 * @param string              $token  Lock token.
	 * @param array<string,mixed> $fields Columns to set.
	 */
	public static function finish( int $id, string $token, array $fields ): void {
		global $wpdb;
		$fields['locked_until'] = 0;
		$fields['lock_token']   = '';
		$wpdb->update( self::table(), $fields, array( 'id' => $id, 'lock_token' => $token ) );
	}

	/**
	 * One row.
	 *
	 * @param int $id Row id.
	 * @return object|null
	 */
	public static function get( int $id ) {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE id = %d", $id ) );
	}

	/**
	 * Rows count in a state.
	 *
	 * @param string $state State.
	 */
	public static function count( string $state ): int {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE state = %s", $state ) );
	}

	/**
	 * Earliest next attempt of a pending row, or null.
	 */
	public static function next_due(): ?int {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$next = $wpdb->get_var( "SELECT MIN(GREATEST(next_attempt_at, locked_until)) FROM {$table} WHERE state = 'pending'" );
		return null === $next ? null : (int) $next;
	}

	/**
	 * Counts per state plus the newest failure and the newest retrying error.
	 *
	 * @return array<string,mixed>
	 */
	public static function stats(): array {
		global $wpdb;
		$table  = self::table();
		$counts = array(
			self::PENDING   => 0,
			self::DELIVERED => 0,
			self::FAILED    => 0,
		);
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( (array) $wpdb->get_results( "SELECT state, COUNT(*) AS n FROM {$table} GROUP BY state" ) as $row ) {
			$counts[ $row->state ] = (int) $row->n;
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$last_failed = $wpdb->get_row( "SELECT id, event_type, post_id, attempts, last_http_status, last_error, last_attempt_at FROM {$table} WHERE state = 'failed' ORDER BY last_attempt_at DESC, id DESC LIMIT 1" );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$retrying = $wpdb->get_row( "SELECT id, event_type, post_id, attempts, last_http_status, last_error, last_attempt_at, next_attempt_at FROM {$table} WHERE state = 'pending' AND attempts > 0 ORDER BY last_attempt_at DESC, id DESC LIMIT 1" );
		return array(
			'counts'      => $counts,
			'last_failed' => $last_failed,
			'retrying'    => $retrying,
		);
	}

	/**
	 * Put failed rows (or one row, whatever its state) back to pending for an immediate resend of
	 * the same bytes under the same key.
	 *
	 * @param int|null $id One row, or null for every failed row.
	 * @return int Rows requeued.
	 */
	public static function requeue( ?int $id = null ): int {
		global $wpdb;
		$table = self::table();
		$now   = time();
		if ( null === $id ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			return (int) $wpdb->query( $wpdb->prepare( "UPDATE {$table} SET state = 'pending', attempts = 0, next_attempt_at = %d, locked_until = 0, lock_token = '' WHERE state = 'failed'", $now ) );
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return (int) $wpdb->query( $wpdb->prepare( "UPDATE {$table} SET state = 'pending', attempts = 0, next_attempt_at = %d, locked_until = 0, lock_token = '' WHERE id = %d", $now, $id ) );
	}

	/**
	 * Delete failed rows.
	 */
	public static function discard_failed(): int {
		global $wpdb;
		$table = self::table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return (int) $wpdb->query( "DELETE FROM {$table} WHERE state = 'failed'" );
	}

	/**
	 * Keep the table bounded: newest keep_delivered() delivered rows younger than
	 * delivered_max_age(), newest keep_failed() failed rows.
	 */
	public static function prune(): void {
		global $wpdb;
		$table = self::table();
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE state = 'delivered' AND delivered_at < %d", time() - self::delivered_max_age() ) );
		foreach ( array( self::DELIVERED => self::keep_delivered(), self::FAILED => self::keep_failed() ) as $state => $keep ) {
			$cutoff = $wpdb->get_var( $wpdb->prepare( "SELECT id FROM {$table} WHERE state = %s ORDER BY id DESC LIMIT 1 OFFSET %d", $state, $keep ) );
			if ( null !== $cutoff ) {
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE state = %s AND id <= %d", $state, (int) $cutoff ) );
			}
		}
		// phpcs:enable
	}

	/**
	 * Small non-autoloaded state: dropped events, last run.
	 *
	 * @return array<string,mixed>
	 */
	public static function state(): array {
		$state = get_option( self::STATE_OPTION, array() );
		return array_merge(
			array(
				'dropped'         => 0,
				'last_dropped_at' => 0,
				'last_run_at'     => 0,
			),
			is_array( $state ) ? $state : array()
		);
	}

	/**
	 * Update the state option.
	 *
	 * @param array<string,mixed> $changes Changes.
	 */
	public static function update_state( array $changes ): void {
		update_option( self::STATE_OPTION, array_merge( self::state(), $changes ), false );
	}

	/**
	 * Count an event that was not recorded because the outbox is full.
	 *
	 * @param string $event   Event type.
	 * @param int    $post_id Post id.
	 */
	private static function note_dropped( string $event, int $post_id ): void {
		$state = self::state();
		self::update_state(
			array(
				'dropped'         => (int) $state['dropped'] + 1,
				'last_dropped_at' => time(),
			)
		);
		do_action( 'hookwarden_bridge_dropped', $event, $post_id );
	}
}
