<?php
/**
 * hmac-sha256-v1 request signing (no WordPress dependency).
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || defined( 'HOOKWARDEN_BRIDGE_TESTING' ) || exit;

/**
 * Signs a request body exactly like the Hookwarden runtime's `hmac-sha256-v1` scheme:
 * signature = hex( HMAC-SHA256( secret, timestamp + "." + raw body ) ).
 */
final class Signer {

	const SCHEME = 'hmac-sha256-v1';

	/**
	 * Hex HMAC-SHA256 of "{timestamp}.{body}".
	 *
	 * @param string $secret    Shared secret (raw bytes, as configured).
	 * @param string $timestamp Unix seconds, as sent in X-Timestamp.
	 * @param string $body      Exact request body bytes.
	 * @return string 64 lowercase hex characters.
	 * @throws \InvalidArgumentException When the secret is empty or the timestamp is not digits.
	 */
	public static function sign( string $secret, string $timestamp, string $body ): string {
		if ( '' === $secret ) {
			throw new \InvalidArgumentException( 'An empty secret cannot sign.' );
		}
		if ( 1 !== preg_match( '/^[0-9]{1,12}$/', $timestamp ) ) {
			throw new \InvalidArgumentException( 'The timestamp must be unix seconds.' );
		}
		return hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}

	/**
	 * Constant-time check of a signature (used by tests and by the test receiver).
	 *
	 * @param string $secret    Shared secret.
	 * @param string $timestamp Timestamp header value.
	 * @param string $body      Raw body.
	 * @param string $provided  Hex signature provided.
	 */
	public static function verify( string $secret, string $timestamp, string $body, string $provided ): bool {
		try {
			$expected = self::sign( $secret, $timestamp, $body );
		} catch ( \InvalidArgumentException $e ) {
			return false;
		}
		return hash_equals( $expected, strtolower( $provided ) );
	}

	/**
	 * The full header set of one signed delivery attempt.
	 *
	 * @param string $secret          Shared secret.
	 * @param string $source          Source name (X-Source).
	 * @param string $idempotency_key Idempotency key (X-Idempotency-Key).
	 * @param int    $timestamp       Unix seconds of this attempt.
	 * @param string $body            Exact body bytes.
	 * @return array<string,string>
	 */
	public static function headers( string $secret, string $source, string $idempotency_key, int $timestamp, string $body ): array {
		$ts = (string) $timestamp;
		return array(
			'Content-Type'      => 'application/json',
			'X-Source'          => $source,
			'X-Timestamp'       => $ts,
			'X-Idempotency-Key' => $idempotency_key,
			'X-Signature'       => self::sign( $secret, $ts, $body ),
		);
	}
}
