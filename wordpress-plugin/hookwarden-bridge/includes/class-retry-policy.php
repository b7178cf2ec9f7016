<?php
/**
 * Delivery outcome classification and retry/backoff policy (no WordPress dependency).
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || defined( 'HOOKWARDEN_BRIDGE_TESTING' ) || exit;

/**
 * Decides what happens to an outbox row after one delivery attempt.
 *
 * - 2xx (202 queued, 200 duplicate)            -> delivered.
 * - 400, 401, 409, 413                         -> failed at once (retrying the same bytes cannot help).
 * - anything else, or a transport error/timeout -> retry after an exponential backoff
 *   (base * 2^(attempt-1), capped), minus an optional random jitter; for 429 and 503 the
 *   Retry-After header is honoured: the delay is at least Retry-After (itself capped).
 * - after max_attempts attempts                 -> failed, the last error is kept.
 */
final class RetryPolicy {

	const DELIVERED = 'delivered';
	const RETRY     = 'retry';
	const FAILED    = 'failed';

	/** Statuses for which a retry of the same request cannot succeed. */
	const PERMANENT_STATUSES = array( 400, 401, 409, 413 );

	/** Statuses whose Retry-After header is honoured. */
	const RETRY_AFTER_STATUSES = array( 429, 503 );

	/** @var int */
	private $max_attempts;
	/** @var int */
	private $base_delay;
	/** @var int */
	private $max_delay;
	/** @var float */
	private $jitter;
	/** @var int */
	private $max_retry_after;
	/** @var callable():float */
	private $random;

	/**
	 * Constructor.
	 *
	 * @param int           $max_attempts    Attempts in total (first send included), >= 1.
	 * @param int           $base_delay      Delay after the first failed attempt, seconds, >= 1.
	 * @param int           $max_delay       Cap of the exponential delay, seconds.
	 * @param float         $jitter          0..1: up to this fraction of the delay is removed at random.
	 * @param int           $max_retry_after Cap applied to a server's Retry-After, seconds.
	 * @param callable|null $random          Returns a float in [0,1); injectable for tests.
	 */
	public function __construct( int $max_attempts = 12, int $base_delay = 30, int $max_delay = 3600, float $jitter = 0.2, int $max_retry_after = 21600, ?callable $random = null ) {
		$this->max_attempts    = max( 1, $max_attempts );
		$this->base_delay      = max( 1, $base_delay );
		$this->max_delay       = max( $this->base_delay, $max_delay );
		$this->jitter          = min( 1.0, max( 0.0, $jitter ) );
		$this->max_retry_after = max( 0, $max_retry_after );
		$this->random          = $random ?? static function (): float {
			return mt_rand() / ( mt_getrandmax() + 1 );
		};
	}

	/**
	 * Build a policy from an array (e.g. the result of the hookwarden_bridge_retry_policy filter).
	 *
	 * @param array<string,mixed> $args Keys: max_attempts, base_delay, max_delay, jitter, max_retry_after.
	 */
	public static function from_array( array $args ): self {
		return new self(
			(int) ( $args['max_attempts'] ?? 12 ),
			(int) ( $args['base_delay'] ?? 30 ),
			(int) ( $args['max_delay'] ?? 3600 ),
			(float) ( $args['jitter'] ?? 0.2 ),
			(int) ( $args['max_retry_after'] ?? 21600 )
		);
	}

	/** @return int */
	public function max_attempts(): int {
		return $this->max_attempts;
	}

	/**
	 * Backoff before attempt number $attempts_made + 1, without Retry-After.
	 *
	 * @param int $attempts_made Attempts already made (>= 1).
	 * @return int Seconds, >= 1.
	 */
	public function backoff( int $attempts_made ): int {
		$n     = max( 1, $attempts_made );
		$delay = $this->base_delay;
		for ( $i = 1; $i < $n && $delay < $this->max_delay; $i++ ) {
			$delay *= 2;
		}
		$delay = min( $delay, $this->max_delay );
		if ( $this->jitter > 0 ) {
			$delay -= (int) floor( $delay * $this->jitter * ( $this->random )() );
		}
		return max( 1, $delay );
	}

	/**
	 * Whether an HTTP status is a final failure.
	 *
	 * @param int $status HTTP status.
	 */
	public static function is_permanent( int $status ): bool {
		return in_array( $status, self::PERMANENT_STATUSES, true );
	}

	/**
	 * Decide the fate of a row after an attempt.
	 *
	 * @param int         $attempts_made Attempts made so far, including the one just made (>= 1).
	 * @param int|null    $status        HTTP status, or null on a transport error / timeout.
	 * @param string|null $retry_after   Raw Retry-After header value, if any.
	 * @param int         $now           Current unix time.
	 */
	public function decide( int $attempts_made, ?int $status, ?string $retry_after, int $now ): Decision {
		if ( null !== $status && $status >= 200 && $status < 300 ) {
			return new Decision( self::DELIVERED, null, 'accepted' );
		}
		if ( null !== $status && self::is_permanent( $status ) ) {
			return new Decision( self::FAILED, null, 'permanent' );
		}
		if ( $attempts_made >= $this->max_attempts ) {
			return new Decision( self::FAILED, null, 'exhausted' );
		}
		$delay = $this->backoff( $attempts_made );
		if ( null !== $status && in_array( $status, self::RETRY_AFTER_STATUSES, true ) && null !== $retry_after ) {
			$seconds = self::parse_retry_after( $retry_after, $now );
			if ( null !== $seconds ) {
				$delay = max( $delay, min( $seconds, $this->max_retry_after ) );
			}
		}
		return new Decision( self::RETRY, $now + $delay, 'retryable' );
	}

	/**
	 * Parse a Retry-After value: delta-seconds or an HTTP-date.
	 *
	 * @param string $value Header value.
	 * @param int    $now   Current unix time.
	 * @return int|null Seconds to wait (>= 0), or null when unparseable.
	 */
	public static function parse_retry_after( string $value, int $now ): ?int {
		$value = trim( $value );
		if ( '' === $value ) {
			return null;
		}
		if ( 1 === preg_match( '/^[0-9]+$/', $value ) ) {
			return strlen( $value ) > 10 ? PHP_INT_MAX : (int) $value;
		}
		// IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 9110); RFC 850 / asctime forms too.
		foreach ( array( 'D, d M Y H:i:s \G\M\T', 'l, d-M-y H:i:s \G\M\T', 'D M j H:i:s Y' ) as $format ) {
			$date   = \DateTimeImmutable::createFromFormat( '!' . $format, $value, new \DateTimeZone( 'UTC' ) );
			$errors = \DateTimeImmutable::getLastErrors();
			if ( false !== $date && ( false === $errors || ( 0 === $errors['warning_count'] && 0 === $errors['error_count'] ) ) ) {
				return max( 0, $date->getTimestamp() - $now );
			}
		}
		return null;
	}
}

/**
 * Immutable result of RetryPolicy::decide().
 */
final class Decision {

	/** @var string One of RetryPolicy::DELIVERED, RETRY, FAILED. */
	public $outcome;
	/** @var int|null Unix time of the next attempt when outcome is RETRY. */
	public $next_attempt_at;
	/** @var string accepted | permanent | exhausted | retryable. */
	public $reason;

	/**
	 * Constructor.
	 *
	 * @param string   $outcome         Outcome.
	 * @param int|null $next_attempt_at Next attempt.
	 * @param string   $reason          Reason.
	 */
	public function __construct( string $outcome, ?int $next_attempt_at, string $reason ) {
		$this->outcome         = $outcome;
		$this->next_attempt_at = $next_attempt_at;
		$this->reason          = $reason;
	}
}
