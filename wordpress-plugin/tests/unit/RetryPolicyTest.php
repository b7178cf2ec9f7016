<?php
/**
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge\Tests\Unit;

use Hookwarden\Bridge\RetryPolicy;
use PHPUnit\Framework\TestCase;

final class RetryPolicyTest extends TestCase {

	private const NOW = 1700000000;

	private function policy( int $max_attempts = 5, float $jitter = 0.0, ?callable $random = null ): RetryPolicy {
		return new RetryPolicy( $max_attempts, 30, 3600, $jitter, 21600, $random );
	}

	public function testBackoffDoublesFromTheBase(): void {
		$p = $this->policy( 20 );
		$this->assertSame( array( 30, 60, 120, 240, 480, 960, 1920 ), array_map( array( $p, 'backoff' ), range( 1, 7 ) ) );
	}

	public function testBackoffIsCapped(): void {
		$p = $this->policy( 100 );
		$this->assertSame( 3600, $p->backoff( 8 ) );
		$this->assertSame( 3600, $p->backoff( 64 ) );
		$this->assertSame( 3600, $p->backoff( PHP_INT_MAX ) );
	}

	public function testJitterOnlyShortensTheDelayWithinItsFraction(): void {
		$low  = new RetryPolicy( 10, 100, 3600, 0.5, 0, static function (): float {
			return 0.999;
		} );
		$high = new RetryPolicy( 10, 100, 3600, 0.5, 0, static function (): float {
			return 0.0;
		} );
		$this->assertSame( 51, $low->backoff( 1 ) );
		$this->assertSame( 100, $high->backoff( 1 ) );
		$random = new RetryPolicy( 10, 100, 3600, 0.2 );
		for ( $i = 0; $i < 50; $i++ ) {
			$d = $random->backoff( 3 );
			$this->assertGreaterThanOrEqual( 320, $d );
			$this->assertLessThanOrEqual( 400, $d );
		}
	}

	/**
	 * @return array<string,array{0:int}>
	 */
	public function successStatuses(): array {
		return array(
			'202 queued'    => array( 202 ),
			'200 duplicate' => array( 200 ),
			'204'           => array( 204 ),
		);
	}

	/**
	 * @dataProvider successStatuses
	 */
	public function testTwoHundredsAreDelivered( int $status ): void {
		$d = $this->policy()->decide( 1, $status, null, self::NOW );
		$this->assertSame( RetryPolicy::DELIVERED, $d->outcome );
		$this->assertNull( $d->next_attempt_at );
	}

	public function testDuplicateOnALaterAttemptIsDelivered(): void {
		$this->assertSame( RetryPolicy::DELIVERED, $this->policy()->decide( 5, 200, null, self::NOW )->outcome );
	}

	/**
	 * @return array<string,array{0:int}>
	 */
	public function permanentStatuses(): array {
		return array(
			'400 bad request'     => array( 400 ),
			'401 bad signature'   => array( 401 ),
			'409 key conflict'    => array( 409 ),
			'413 body too large'  => array( 413 ),
		);
	}

	/**
	 * @dataProvider permanentStatuses
	 */
	public function testClientErrorsFailAtOnce( int $status ): void {
		$d = $this->policy()->decide( 1, $status, '10', self::NOW );
		$this->assertSame( RetryPolicy::FAILED, $d->outcome );
		$this->assertSame( 'permanent', $d->reason );
		$this->assertTrue( RetryPolicy::is_permanent( $status ) );
	}

	/**
	 * @return array<string,array{0:?int}>
	 */
	public function retryableStatuses(): array {
		return array(
			'timeout / connection refused' => array( null ),
			'404 (misrouted, may be fixed)' => array( 404 ),
			'408'                           => array( 408 ),
			'429'                           => array( 429 ),
			'500'                           => array( 500 ),
			'502'                           => array( 502 ),
			'503'                           => array( 503 ),
			'302 (redirects not followed)'  => array( 302 ),
		);
	}

	/**
	 * @dataProvider retryableStatuses
	 */
	public function testOtherOutcomesAreRetriedWithBackoff( ?int $status ): void {
		$d = $this->policy()->decide( 2, $status, null, self::NOW );
		$this->assertSame( RetryPolicy::RETRY, $d->outcome );
		$this->assertSame( self::NOW + 60, $d->next_attempt_at );
	}

	public function testGivesUpAfterMaxAttempts(): void {
		$p = $this->policy( 3 );
		$this->assertSame( RetryPolicy::RETRY, $p->decide( 2, 500, null, self::NOW )->outcome );
		$d = $p->decide( 3, 500, null, self::NOW );
		$this->assertSame( RetryPolicy::FAILED, $d->outcome );
		$this->assertSame( 'exhausted', $d->reason );
		$this->assertSame( RetryPolicy::FAILED, $p->decide( 3, null, null, self::NOW )->outcome );
		$this->assertSame( RetryPolicy::DELIVERED, $p->decide( 3, 202, null, self::NOW )->outcome );
	}

	public function testRetryAfterSecondsIsHonouredFor429And503(): void {
		$p = $this->policy();
		$this->assertSame( self::NOW + 120, $p->decide( 1, 429, '120', self::NOW )->next_attempt_at );
		$this->assertSame( self::NOW + 120, $p->decide( 1, 503, '120', self::NOW )->next_attempt_at );
	}

	public function testRetryAfterNeverShortensTheBackoff(): void {
		$this->assertSame( self::NOW + 120, $this->policy()->decide( 3, 503, '1', self::NOW )->next_attempt_at );
	}

	public function testRetryAfterIsIgnoredForOtherStatuses(): void {
		$this->assertSame( self::NOW + 30, $this->policy()->decide( 1, 500, '600', self::NOW )->next_attempt_at );
	}

	public function testRetryAfterIsCapped(): void {
		$p = new RetryPolicy( 5, 30, 3600, 0.0, 900 );
		$this->assertSame( self::NOW + 900, $p->decide( 1, 429, '999999', self::NOW )->next_attempt_at );
		$this->assertSame( self::NOW + 900, $p->decide( 1, 429, '99999999999999999999', self::NOW )->next_attempt_at );
	}

	public function testRetryAfterHttpDate(): void {
		$date = gmdate( 'D, d M Y H:i:s', self::NOW + 300 ) . ' GMT';
		$this->assertSame( 300, RetryPolicy::parse_retry_after( $date, self::NOW ) );
		$this->assertSame( self::NOW + 300, $this->policy()->decide( 1, 503, $date, self::NOW )->next_attempt_at );
	}

	/**
	 * @return array<string,array{0:string,1:?int}>
	 */
	public function retryAfterValues(): array {
		return array(
			'seconds'           => array( '7', 7 ),
			'zero'              => array( '0', 0 ),
			'padded'            => array( ' 15 ', 15 ),
			'past date'         => array( 'Tue, 14 Nov 2023 22:00:00 GMT', 0 ),
			'RFC 850 date'      => array( 'Wednesday, 15-Nov-23 00:00:00 GMT', 6400 ),
			'asctime date'      => array( 'Wed Nov 15 00:00:00 2023', 6400 ),
			'empty'             => array( '', null ),
			'negative'          => array( '-5', null ),
			'fraction'          => array( '1.5', null ),
			'garbage'           => array( 'soon', null ),
			'invalid date'      => array( 'Wed, 32 Nov 2023 00:00:00 GMT', null ),
		);
	}

	/**
	 * @dataProvider retryAfterValues
	 */
	public function testParseRetryAfter( string $value, ?int $expected ): void {
		$this->assertSame( $expected, RetryPolicy::parse_retry_after( $value, self::NOW ) );
	}

	public function testUnparseableRetryAfterFallsBackToBackoff(): void {
		$this->assertSame( self::NOW + 30, $this->policy()->decide( 1, 503, 'soon', self::NOW )->next_attempt_at );
	}

	public function testFromArrayAndSaneBounds(): void {
		$p = RetryPolicy::from_array( array( 'max_attempts' => 0, 'base_delay' => 0, 'max_delay' => 0, 'jitter' => 5 ) );
		$this->assertSame( 1, $p->max_attempts() );
		$this->assertGreaterThanOrEqual( 1, $p->backoff( 1 ) );
		$defaults = RetryPolicy::from_array( array() );
		$this->assertSame( 12, $defaults->max_attempts() );
	}

	public function testDefaultScheduleSpansHoursBeforeGivingUp(): void {
		$p     = new RetryPolicy();
		$total = 0;
		for ( $n = 1; $n < $p->max_attempts(); $n++ ) {
			$total += ( new RetryPolicy( 12, 30, 3600, 0.0 ) )->backoff( $n );
		}
		$this->assertSame( 18210, $total ); // About five hours of retries with the defaults.
	}
}
