<?php
/**
 * Which event a save is, and parsing of the runtime's answers (no WordPress dependency).
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || defined( 'HOOKWARDEN_BRIDGE_TESTING' ) || exit;

/**
 * Maps one save of a post to exactly one event type.
 */
final class EventResolver {

	const CREATED   = 'post.created';
	const UPDATED   = 'post.updated';
	const PUBLISHED = 'post.published';
	const TRASHED   = 'post.trashed';
	const DELETED   = 'post.deleted';

	const ALL = array( self::CREATED, self::UPDATED, self::PUBLISHED, self::TRASHED, self::DELETED );

	/** Statuses that never produce an event (editor placeholders, attachments/revisions). */
	const IGNORED_STATUSES = array( 'auto-draft', 'inherit' );

	/**
	 * One save -> one event type, most specific first: trashed, published, created, updated.
	 *
	 * @param bool        $is_update     False when the post row was just inserted.
	 * @param string|null $status_before Status before the save (null when new).
	 * @param string      $status_after  Status after the save.
	 * @return string|null Event type, or null when the save is not an event.
	 */
	public static function for_save( bool $is_update, ?string $status_before, string $status_after ): ?string {
		if ( in_array( $status_after, self::IGNORED_STATUSES, true ) ) {
			return null;
		}
		if ( 'trash' === $status_after ) {
			return 'trash' === $status_before ? null : self::TRASHED;
		}
		if ( 'publish' === $status_after && 'publish' !== $status_before ) {
			return self::PUBLISHED;
		}
		if ( ! $is_update || null === $status_before || 'new' === $status_before || 'auto-draft' === $status_before ) {
			return self::CREATED;
		}
		return self::UPDATED;
	}

	/**
	 * Event type for a permanent deletion.
	 *
	 * @param string $status Status the post had.
	 */
	public static function for_delete( string $status ): ?string {
		return in_array( $status, self::IGNORED_STATUSES, true ) ? null : self::DELETED;
	}
}

/**
 * The runtime's JSON answer: {"status":"queued"|"duplicate", "event_id": ...} or {"error": ..., "message": ...}.
 */
final class RuntimeAnswer {

	/** @var string|null */
	public $status;
	/** @var string|null */
	public $event_id;
	/** @var string|null */
	public $error;
	/** @var string|null */
	public $message;

	/**
	 * Parse a response body; unknown or non-JSON bodies give nulls.
	 *
	 * @param string $body Raw body.
	 */
	public static function parse( string $body ): self {
		$answer = new self();
		$data   = json_decode( $body, true );
		if ( ! is_array( $data ) ) {
			return $answer;
		}
		foreach ( array( 'status', 'event_id', 'error', 'message' ) as $field ) {
			if ( isset( $data[ $field ] ) && is_scalar( $data[ $field ] ) ) {
				$answer->$field = substr( (string) $data[ $field ], 0, 191 );
			}
		}
		return $answer;
	}
}
