<?php
/**
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge\Tests\Unit;

use Hookwarden\Bridge\EventResolver;
use Hookwarden\Bridge\RuntimeAnswer;
use PHPUnit\Framework\TestCase;

final class EventResolverTest extends TestCase {

	/**
	 * @return array<string,array{0:bool,1:?string,2:string,3:?string}>
	 */
	public function saves(): array {
		return array(
			'new draft'                     => array( false, null, 'draft', 'post.created' ),
			'block editor placeholder'      => array( false, null, 'auto-draft', null ),
			'first save of an auto-draft'   => array( true, 'auto-draft', 'draft', 'post.created' ),
			'draft edited'                  => array( true, 'draft', 'draft', 'post.updated' ),
			'draft published'               => array( true, 'draft', 'publish', 'post.published' ),
			'new post published at once'    => array( false, null, 'publish', 'post.published' ),
			'auto-draft published at once'  => array( true, 'auto-draft', 'publish', 'post.published' ),
			'scheduled post goes live'      => array( true, 'future', 'publish', 'post.published' ),
			'published post edited'         => array( true, 'publish', 'publish', 'post.updated' ),
			'published post unpublished'    => array( true, 'publish', 'draft', 'post.updated' ),
			'trashed'                       => array( true, 'publish', 'trash', 'post.trashed' ),
			'draft trashed'                 => array( true, 'draft', 'trash', 'post.trashed' ),
			'already in trash'              => array( true, 'trash', 'trash', null ),
			'restored from trash'           => array( true, 'trash', 'draft', 'post.updated' ),
			'new private post'              => array( false, null, 'private', 'post.created' ),
			'attachment / revision inherit' => array( false, null, 'inherit', null ),
		);
	}

	/**
	 * @dataProvider saves
	 */
	public function testOneSaveIsOneEvent( bool $update, ?string $before, string $after, ?string $expected ): void {
		$this->assertSame( $expected, EventResolver::for_save( $update, $before, $after ) );
	}

	public function testDelete(): void {
		$this->assertSame( 'post.deleted', EventResolver::for_delete( 'trash' ) );
		$this->assertSame( 'post.deleted', EventResolver::for_delete( 'publish' ) );
		$this->assertNull( EventResolver::for_delete( 'auto-draft' ) );
	}

	public function testEveryEventTypeIsListed(): void {
		$this->assertSame( array( 'post.created', 'post.updated', 'post.published', 'post.trashed', 'post.deleted' ), EventResolver::ALL );
	}

	public function testParseQueuedAndDuplicateAnswers(): void {
		$queued = RuntimeAnswer::parse( '{"status":"queued","event_id":"01HX"}' );
		$this->assertSame( 'queued', $queued->status );
		$this->assertSame( '01HX', $queued->event_id );
		$dup = RuntimeAnswer::parse( '{"status":"duplicate","event_id":12345}' );
		$this->assertSame( 'duplicate', $dup->status );
		$this->assertSame( '12345', $dup->event_id );
	}

	public function testParseErrorAnswerAndGarbage(): void {
		$err = RuntimeAnswer::parse( '{"error":"conflict","message":"key reused with a different body"}' );
		$this->assertSame( 'conflict', $err->error );
		$this->assertNull( $err->event_id );
		foreach ( array( '', 'not json', '[1,2]', '"x"', '{"event_id":{"nested":1}}' ) as $body ) {
			$answer = RuntimeAnswer::parse( $body );
			$this->assertNull( $answer->status );
			$this->assertNull( $answer->event_id );
		}
	}
}
