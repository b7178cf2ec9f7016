<?php
/**
 * Options of the plugin and the secret constant.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Reads and sanitizes the stored settings. The secret is never stored: it comes from
 * wp-config.php (HOOKWARDEN_SECRET, or the seed's AI_BRIDGE_SECRET).
 */
final class Settings {

	const OPTION = 'hookwarden_bridge_settings';

	const MIN_TIMEOUT = 1;
	const MAX_TIMEOUT = 30;

	/**
	 * Default settings.
	 *
	 * @return array<string,mixed>
	 */
	public static function defaults(): array {
		return array(
			'endpoint_url' => '',
			'source'       => 'wordpress',
			'events'       => EventResolver::ALL,
			'post_types'   => array( 'post', 'page' ),
			'timeout'      => 5,
		);
	}

	/**
	 * Current settings merged over the defaults.
	 *
	 * @return array<string,mixed>
	 */
	public static function get(): array {
		$stored = get_option( self::OPTION, array() );
		if ( ! is_array( $stored ) ) {
			$stored = array();
		}
		return array_merge( self::defaults(), $stored );
	}

	/** @return string */
	public static function endpoint(): string {
		return (string) self::get()['endpoint_url'];
	}

	/** @return string */
	public static function source(): string {
		$source = (string) self::get()['source'];
		return '' === $source ? 'wordpress' : $source;
	}

	/** @return int */
	public static function timeout(): int {
		return max( self::MIN_TIMEOUT, min( self::MAX_TIMEOUT, (int) self::get()['timeout'] ) );
	}

	/**
	 * Whether an event type is enabled.
	 *
	 * @param string $event Event type.
	 */
	public static function event_enabled( string $event ): bool {
		return in_array( $event, (array) self::get()['events'], true );
	}

	/**
	 * Whether a post type is included.
	 *
	 * @param string $post_type Post type.
	 */
	public static function post_type_enabled( string $post_type ): bool {
		return in_array( $post_type, (array) self::get()['post_types'], true );
	}

	/**
	 * The shared secret from wp-config.php, or '' when none is defined.
	 */
	public static function secret(): string {
		$name = self::secret_constant();
		return null === $name ? '' : (string) constant( $name );
	}

	/**
	 * Which constant provides the secret (HOOKWARDEN_SECRET wins over AI_BRIDGE_SECRET).
	 *
	 * @return string|null
	 */
	public static function secret_constant(): ?string {
		foreach ( array( 'HOOKWARDEN_SECRET', 'AI_BRIDGE_SECRET' ) as $name ) {
			if ( defined( $name ) && is_string( constant( $name ) ) && '' !== constant( $name ) ) {
				return $name;
			}
		}
		return null;
	}

	/**
	 * Whether events can be recorded and sent at all.
	 */
	public static function is_ready(): bool {
		return '' !== self::secret() && '' !== self::endpoint();
	}

	/**
	 * Sanitize callback of register_setting().
	 *
	 * @param mixed $input Submitted value.
	 * @return array<string,mixed>
	 */
	public static function sanitize( $input ): array {
		$old   = self::get();
		$input = is_array( $input ) ? $input : array(); // options.php has already unslashed it.
		$out   = self::defaults();

		$url = isset( $input['endpoint_url'] ) ? trim( (string) $input['endpoint_url'] ) : '';
		if ( '' !== $url ) {
			$clean = esc_url_raw( $url, array( 'http', 'https' ) );
			if ( '' === $clean || ! wp_parse_url( $clean, PHP_URL_HOST ) ) {
				self::error( 'endpoint_url', __( 'The endpoint URL must be an http(s) URL.', 'hookwarden-bridge' ) );
				$clean = $old['endpoint_url'];
			}
			$url = $clean;
		}
		$out['endpoint_url'] = $url;

		$source = isset( $input['source'] ) ? strtolower( trim( (string) $input['source'] ) ) : '';
		if ( '' === $source ) {
			$source = 'wordpress';
		}
		if ( 1 !== preg_match( '/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/', $source ) ) {
			self::error( 'source', __( 'The source name must be lowercase letters, digits and dashes (like a Kubernetes name), at most 63 characters.', 'hookwarden-bridge' ) );
			$source = $old['source'];
		}
		$out['source'] = $source;

		$events        = isset( $input['events'] ) ? (array) $input['events'] : array();
		$out['events'] = array_values( array_intersect( EventResolver::ALL, array_map( 'strval', $events ) ) );

		$types             = isset( $input['post_types'] ) ? (array) $input['post_types'] : array();
		$out['post_types'] = array_values( array_filter( array_map( 'sanitize_key', $types ), 'post_type_exists' ) );

		$timeout        = isset( $input['timeout'] ) ? (int) $input['timeout'] : 5;
		$out['timeout'] = max( self::MIN_TIMEOUT, min( self::MAX_TIMEOUT, $timeout ) );

		return $out;
	}

	/**
	 * Report a settings error (only inside the Settings API request).
	 *
	 * @param string $field   Field.
	 * @param string $message Message.
	 */
	private static function error( string $field, string $message ): void {
		if ( function_exists( 'add_settings_error' ) ) {
			add_settings_error( self::OPTION, 'hookwarden_bridge_' . $field, $message );
		}
	}
}
