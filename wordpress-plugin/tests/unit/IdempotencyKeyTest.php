<?php
/**
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge\Tests\Unit;

use Hookwarden\Bridge\IdempotencyKey;
use PHPUnit\Framework\TestCase;

final class IdempotencyKeyTest extends TestCase {

	private const SITE = 'https://blog.example.com';

	public function testKnownValue(): void {
		$sha = hash( 'sha256', '{"type":"post.updated","id":"42"}' );
		$this->assertSame(
			hash( 'sha256', "hookwarden-wp-v1\nhttps://blog.example.com\n42\npost.updated\n" . $sha ),
			IdempotencyKey::derive( self::SITE, '42', 'post.updated', $sha )
		);
	}

	public function testKeyIs64LowercaseHex(): void {
		$key = IdempotencyKey::for_body( self::SITE, '42', 'post.updated', '{}' );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', $key );
		$this->assertLessThanOrEqual( 64, strlen( $key ) );
	}

	public function testSameEventSameBodyGivesSameKey(): void {
		$body = '{"type":"post.updated","id":"42","title":"A","updated_at":"2024-01-01T00:00:00Z"}';
		$this->assertSame(
			IdempotencyKey::for_body( self::SITE, '42', 'post.updated', $body ),
			IdempotencyKey::for_body( self::SITE, '42', 'post.updated', $body )
		);
	}

	public function testTrailingSlashOfSiteUrlDoesNotMatter(): void {
		$this->assertSame(
			IdempotencyKey::for_body( self::SITE, '1', 'post.created', '{}' ),
			IdempotencyKey::for_body( self::SITE . '/', '1', 'post.created', '{}' )
		);
	}

	public function testTwoSavesInTheSameSecondWithDifferentBodiesGiveTwoKeys(): void {
		$a = '{"type":"post.updated","id":"42","title":"First","updated_at":"2024-01-01T00:00:00Z"}';
		$b = '{"type":"post.updated","id":"42","title":"Second","updated_at":"2024-01-01T00:00:00Z"}';
		$this->assertNotSame(
			IdempotencyKey::for_body( self::SITE, '42', 'post.updated', $a ),
			IdempotencyKey::for_body( self::SITE, '42', 'post.updated', $b )
		);
	}

	/**
	 * @return array<string,array{0:string,1:string,2:string}>
	 */
	public function variations(): array {
		return array(
			'other site'  => array( 'https://other.example.com', '42', 'post.updated' ),
			'other post'  => array( self::SITE, '43', 'post.updated' ),
			'other event' => array( self::SITE, '42', 'post.published' ),
		);
	}

	/**
	 * @dataProvider variations
	 */
	public function testEachInputChangesTheKey( string $site, string $post_id, string $event ): void {
		$body = '{"id":"42"}';
		$this->assertNotSame(
			IdempotencyKey::for_body( self::SITE, '42', 'post.updated', $body ),
			IdempotencyKey::for_body( $site, $post_id, $event, $body )
		);
	}

	public function testFieldsCannotBleedIntoEachOther(): void {
		// "1" + "23" must not equal "12" + "3": the separator keeps fields apart.
		$sha = hash( 'sha256', '' );
		$this->assertNotSame(
			IdempotencyKey::derive( 'https://a.example/1', '23', 'post.updated', $sha ),
			IdempotencyKey::derive( 'https://a.example/12', '3', 'post.updated', $sha )
		);
	}

	/**
	 * @return array<string,array{0:string,1:string,2:string}>
	 */
	public function invalidInputs(): array {
		$sha = hash( 'sha256', '' );
		return array(
			'negative post id'  => array( '-1', 'post.updated', $sha ),
			'non numeric id'    => array( 'abc', 'post.updated', $sha ),
			'empty event'       => array( '1', '', $sha ),
			'event with spaces' => array( '1', 'post updated', $sha ),
			'short hash'        => array( '1', 'post.updated', 'abc' ),
			'uppercase hash'    => array( '1', 'post.updated', strtoupper( $sha ) ),
		);
	}

	/**
	 * @dataProvider invalidInputs
	 */
	public function testInvalidInputIsRefused( string $post_id, string $event, string $sha ): void {
		$this->expectException( \InvalidArgumentException::class );
		IdempotencyKey::derive( self::SITE, $post_id, $event, $sha );
	}
}
