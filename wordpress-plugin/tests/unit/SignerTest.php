<?php
/**
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge\Tests\Unit;

use Hookwarden\Bridge\Signer;
use PHPUnit\Framework\TestCase;

final class SignerTest extends TestCase {

	/**
	 * The shared vectors of the runtime's hmac-sha256-v1 scheme.
	 *
	 * @return array<string,array{0:string,1:string,2:string,3:string}>
	 */
	public function sharedVectors(): array {
		$this->assertFileExists( HOOKWARDEN_VECTORS_FILE );
		$data = json_decode( (string) file_get_contents( HOOKWARDEN_VECTORS_FILE ), true, 512, JSON_THROW_ON_ERROR );
		$out  = array();
		foreach ( $data['vectors'] as $i => $v ) {
			$out[ 'vector ' . $i ] = array( $v['secret'], $v['timestamp'], $v['body'], $v['signature'] );
		}
		return $out;
	}

	public function testVectorsFileDescribesTheScheme(): void {
		$data = json_decode( (string) file_get_contents( HOOKWARDEN_VECTORS_FILE ), true, 512, JSON_THROW_ON_ERROR );
		$this->assertSame( Signer::SCHEME, $data['scheme'] );
		$this->assertGreaterThanOrEqual( 3, count( $data['vectors'] ) );
	}

	/**
	 * @dataProvider sharedVectors
	 */
	public function testSignMatchesSharedVectors( string $secret, string $ts, string $body, string $signature ): void {
		$this->assertSame( $signature, Signer::sign( $secret, $ts, $body ) );
		$this->assertTrue( Signer::verify( $secret, $ts, $body, $signature ) );
		$this->assertTrue( Signer::verify( $secret, $ts, $body, strtoupper( $signature ) ) );
	}

	/**
	 * @dataProvider sharedVectors
	 */
	public function testAnyChangeBreaksTheSignature( string $secret, string $ts, string $body, string $signature ): void {
		$this->assertFalse( Signer::verify( $secret . 'x', $ts, $body, $signature ) );
		$this->assertFalse( Signer::verify( $secret, (string) ( (int) $ts + 1 ), $body, $signature ) );
		$this->assertFalse( Signer::verify( $secret, $ts, $body . ' ', $signature ) );
	}

	public function testSignatureIsHmacOfTimestampDotBody(): void {
		$this->assertSame(
			hash_hmac( 'sha256', '1700000000.{"a":1}', 's3cret' ),
			Signer::sign( 's3cret', '1700000000', '{"a":1}' )
		);
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', Signer::sign( 's', '1', '' ) );
	}

	public function testWpJsonEncodedUnicodeBodyIsSignedAsItsBytes(): void {
		// wp_json_encode() escapes non-ASCII by default; the signature covers exactly those bytes.
		$body = json_encode( array( 'title' => 'Café — déjà vu' ) );
		$this->assertSame( '{"title":"Caf\u00e9 \u2014 d\u00e9j\u00e0 vu"}', $body );
		$this->assertSame( hash_hmac( 'sha256', '1700000000.' . $body, 'k' ), Signer::sign( 'k', '1700000000', $body ) );
	}

	public function testHeadersCarryTheWholeScheme(): void {
		$body    = '{"type":"post.updated","id":"42"}';
		$headers = Signer::headers( 'hookwarden-test-secret', 'wordpress', str_repeat( 'a', 64 ), 1700000000, $body );
		$this->assertSame(
			array(
				'Content-Type'      => 'application/json',
				'X-Source'          => 'wordpress',
				'X-Timestamp'       => '1700000000',
				'X-Idempotency-Key' => str_repeat( 'a', 64 ),
				'X-Signature'       => 'b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0',
			),
			$headers
		);
	}

	public function testEmptySecretIsRefused(): void {
		$this->expectException( \InvalidArgumentException::class );
		Signer::sign( '', '1700000000', '{}' );
	}

	public function testNonNumericTimestampIsRefused(): void {
		$this->expectException( \InvalidArgumentException::class );
		Signer::sign( 'k', '2023-11-14T22:13:20Z', '{}' );
	}

	public function testVerifyRejectsGarbage(): void {
		$this->assertFalse( Signer::verify( 'k', '1700000000', '{}', '' ) );
		$this->assertFalse( Signer::verify( 'k', 'not-a-time', '{}', Signer::sign( 'k', '1', '{}' ) ) );
		$this->assertFalse( Signer::verify( '', '1', '{}', 'abc' ) );
	}
}
