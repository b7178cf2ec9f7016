<?php
/**
 * Deterministic idempotency keys (no WordPress dependency).
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || defined( 'HOOKWARDEN_BRIDGE_TESTING' ) || exit;

/**
 * Derives the X-Idempotency-Key of an event from (site URL, post id, event, sha256 of the body).
 *
 * key = lowercase hex( sha256( "hookwarden-wp-v1" LF site_url LF post_id LF event LF body_sha256 ) )
 * where site_url has trailing slashes removed. The result is always 64 characters, [0-9a-f].
 *
 * The body is built once and stored, so every retry of the same event carries the same key and
 * the same bytes (the runtime answers 200 duplicate), while two different saves produce two
 * different bodies and therefore two keys, even within the same second.
 */
final class IdempotencyKey {

	const VERSION = 'hookwarden-wp-v1';

	/**
	 * Derive the key.
	 *
	 * @param string $site_url    Home URL of the site.
	 * @param string $post_id     Post id (decimal string; "0" for test events).
	 * @param string $event       Event type, e.g. post.updated.
	 * @param string $body_sha256 Hex sha256 of the exact body bytes.
	 * @return string
	 * @throws \InvalidArgumentException On malformed input.
	 */
	public static function derive( string $site_url, string $post_id, string $event, string $body_sha256 ): string {
		if ( 1 !== preg_match( '/^[0-9]+$/', $post_id ) ) {
			throw new \InvalidArgumentException( 'post id must be a non-negative integer string' );
		}
		if ( 1 !== preg_match( '/^[a-z0-9][a-z0-9._-]{0,63}$/', $event ) ) {
			throw new \InvalidArgumentException( 'invalid event type' );
		}
		if ( 1 !== preg_match( '/^[0-9a-f]{64}$/', $body_sha256 ) ) {
			throw new \InvalidArgumentException( 'body hash must be 64 lowercase hex characters' );
		}
		$site = rtrim( $site_url, '/' );
		return hash( 'sha256', implode( "\n", array( self::VERSION, $site, $post_id, $event, $body_sha256 ) ) );
	}

	/**
	 * Convenience: derive the key from the raw body.
	 *
	 * @param string $site_url Home URL.
	 * @param string $post_id  Post id.
	 * @param string $event    Event type.
	 * @param string $body     Exact body bytes.
	 */
	public static function for_body( string $site_url, string $post_id, string $event, string $body ): string {
		return self::derive( $site_url, $post_id, $event, hash( 'sha256', $body ) );
	}
}
