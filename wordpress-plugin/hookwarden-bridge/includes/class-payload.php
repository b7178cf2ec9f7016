<?php
/**
 * Event payload of a post.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the JSON payload of a post event. Field order is fixed so that identical saves give
 * identical bytes.
 */
final class Payload {

	/**
	 * The site URL used in payloads and keys: the raw home option, without trailing slash (not
	 * home_url(), whose scheme can vary with the request).
	 */
	public static function site_url(): string {
		return untrailingslashit( (string) get_option( 'home' ) );
	}

	/**
	 * Payload of one event.
	 *
	 * @param string   $event Event type.
	 * @param \WP_Post $post  Post (for deletions, the object as it was).
	 * @return array<string,string>
	 */
	public static function for_post( string $event, \WP_Post $post ): array {
		$modified = (string) $post->post_modified_gmt;
		if ( '' === $modified || '0000-00-00 00:00:00' === $modified ) {
			$modified = get_gmt_from_date( (string) $post->post_modified );
		}
		$time      = strtotime( $modified . ' UTC' );
		$permalink = get_permalink( $post );
		$payload   = array(
			'type'           => $event,
			'id'             => (string) $post->ID,
			'slug'           => (string) $post->post_name,
			'status'         => (string) $post->post_status,
			'title'          => (string) $post->post_title,
			'updated_at'     => gmdate( 'Y-m-d\TH:i:s\Z', false === $time ? 0 : $time ),
			'post_type'      => (string) $post->post_type,
			'permalink'      => is_string( $permalink ) ? $permalink : '',
			'site_url'       => self::site_url(),
			'content_sha256' => hash( 'sha256', (string) $post->post_content ),
		);
		/**
		 * Filters the payload before it is encoded once and stored.
		 *
		 * @param array    $payload Payload.
		 * @param string   $event   Event type.
		 * @param \WP_Post $post    Post.
		 */
		$filtered = apply_filters( 'hookwarden_bridge_payload', $payload, $event, $post );
		return is_array( $filtered ) ? $filtered : $payload;
	}

	/**
	 * Hash identifying the content of an event regardless of its type and modified time; used to
	 * recognise the block editor's second (meta box) save of the same content.
	 *
	 * @param array<string,mixed> $payload Payload.
	 */
	public static function fingerprint( array $payload ): string {
		unset( $payload['type'], $payload['updated_at'] );
		return hash( 'sha256', (string) wp_json_encode( $payload ) );
	}
}
