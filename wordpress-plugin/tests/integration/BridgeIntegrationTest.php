<?php
/**
 * End to end: WordPress (Debian package) + MariaDB + the plugin + the receiver at HOOKWARDEN_URL.
 *
 * Every WordPress step runs in its own PHP process through wp-runner.php, like separate web
 * requests. Traffic from WordPress goes through forwarder.php (a pass-through this test owns), so
 * the test sees every request and answer, and can make the endpoint go down and come back.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge\Tests\Integration;

use Hookwarden\Bridge\IdempotencyKey;
use Hookwarden\Bridge\Signer;
use PHPUnit\Framework\TestCase;

final class BridgeIntegrationTest extends TestCase {

	private const SITE = 'http://127.0.0.2:9';

	/** @var resource|null */
	private static $forwarder;
	/** @var int */
	private static $port = 0;
	/** @var string */
	private static $tmp = '';
	/** @var array<string,mixed> Facts carried from one step to the next. */
	private static $facts = array();

	public static function setUpBeforeClass(): void {
		foreach ( array( 'HOOKWARDEN_URL', 'HOOKWARDEN_SECRET', 'HW_IT_TMP', 'HW_IT_DB_SOCKET' ) as $name ) {
			if ( '' === (string) getenv( $name ) ) {
				throw new \RuntimeException( "{$name} is not set: run tests/integration/run-integration.sh" );
			}
		}
		self::$tmp  = (string) getenv( 'HW_IT_TMP' );
		self::$port = self::freePort();
		self::startForwarder();
	}

	public static function tearDownAfterClass(): void {
		self::stopForwarder();
	}

	// ---------------------------------------------------------------- helpers

	private static function freePort(): int {
		$server = stream_socket_server( 'tcp://127.0.0.1:0', $errno, $errstr );
		if ( false === $server ) {
			throw new \RuntimeException( "no free port: {$errstr}" );
		}
		$name = (string) stream_socket_get_name( $server, false );
		fclose( $server );
		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}

	private static function startForwarder(): void {
		$env = array_merge(
			getenv(),
			array(
				'HW_FWD_UPSTREAM' => (string) getenv( 'HOOKWARDEN_URL' ),
				'HW_FWD_LOG'      => self::$tmp . '/forwarder.jsonl',
				'HW_FWD_FAULTS'   => self::$tmp . '/faults.json',
			)
		);
		$err             = self::$tmp . '/forwarder.err';
		self::$forwarder = proc_open(
			array( PHP_BINARY, '-S', '127.0.0.1:' . self::$port, __DIR__ . '/forwarder.php' ),
			array( 0 => array( 'file', '/dev/null', 'r' ), 1 => array( 'file', $err, 'a' ), 2 => array( 'file', $err, 'a' ) ),
			$pipes,
			__DIR__,
			$env
		);
		if ( ! is_resource( self::$forwarder ) ) {
			throw new \RuntimeException( 'could not start the forwarder' );
		}
		for ( $i = 0; $i < 100; $i++ ) {
			$conn = @fsockopen( '127.0.0.1', self::$port, $errno, $errstr, 0.2 );
			if ( false !== $conn ) {
				fclose( $conn );
				return;
			}
			usleep( 100000 );
		}
		throw new \RuntimeException( 'the forwarder did not start listening on port ' . self::$port );
	}

	private static function stopForwarder(): void {
		if ( ! is_resource( self::$forwarder ) ) {
			return;
		}
		$pid = proc_get_status( self::$forwarder )['pid'];
		proc_terminate( self::$forwarder, SIGTERM );
		for ( $i = 0; $i < 50 && proc_get_status( self::$forwarder )['running']; $i++ ) {
			usleep( 100000 );
		}
		if ( proc_get_status( self::$forwarder )['running'] ) {
			posix_kill( $pid, SIGKILL );
		}
		proc_close( self::$forwarder );
		self::$forwarder = null;
		for ( $i = 0; $i < 50; $i++ ) {
			$conn = @fsockopen( '127.0.0.1', self::$port, $errno, $errstr, 0.2 );
			if ( false === $conn ) {
				return;
			}
			fclose( $conn );
			usleep( 100000 );
		}
		throw new \RuntimeException( 'the forwarder still listens after being stopped' );
	}

	/**
	 * Run one WordPress step in its own PHP process.
	 *
	 * @param string               $cmd  Command of wp-runner.php.
	 * @param array<string,mixed>  $args Arguments.
	 * @param array<string,string> $env  Extra environment.
	 * @return mixed
	 */
	private function wp( string $cmd, array $args = array(), array $env = array() ) {
		$proc = proc_open(
			array( PHP_BINARY, __DIR__ . '/wp-runner.php', $cmd, json_encode( (object) $args ) ),
			array( 0 => array( 'file', '/dev/null', 'r' ), 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
			$pipes,
			__DIR__,
			array_merge( getenv(), $env )
		);
		$this->assertIsResource( $proc );
		$out  = (string) stream_get_contents( $pipes[1] );
		$err  = (string) stream_get_contents( $pipes[2] );
		$code = proc_close( $proc );
		$pos  = strrpos( $out, '@@HW_RESULT@@' );
		$this->assertTrue( 0 === $code && false !== $pos, "wp-runner {$cmd} failed (exit {$code}):\n{$out}\n{$err}" );
		return json_decode( trim( substr( $out, $pos + strlen( '@@HW_RESULT@@' ) ) ), true );
	}

	/** @return array<int,array<string,mixed>> */
	private function outbox(): array {
		$rows = $this->wp( 'outbox' );
		$this->assertIsArray( $rows, 'the outbox table exists' );
		return $rows;
	}

	/** @return array<int,array<string,mixed>> rows with id > $after */
	private function rowsAfter( int $after ): array {
		return array_values(
			array_filter(
				$this->outbox(),
				static function ( $row ) use ( $after ) {
					return (int) $row['id'] > $after;
				}
			)
		);
	}

	private function lastRowId(): int {
		$rows = $this->outbox();
		return empty( $rows ) ? 0 : (int) end( $rows )['id'];
	}

	/** @return array<string,mixed> */
	private function row( int $id ): array {
		foreach ( $this->outbox() as $row ) {
			if ( (int) $row['id'] === $id ) {
				return $row;
			}
		}
		$this->fail( "no outbox row {$id}" );
	}

	/** @return array<int,array<string,mixed>> */
	private function forwarded(): array {
		$file = self::$tmp . '/forwarder.jsonl';
		if ( ! is_file( $file ) ) {
			return array();
		}
		return array_map(
			static function ( $line ) {
				return json_decode( $line, true );
			},
			array_values( array_filter( explode( "\n", (string) file_get_contents( $file ) ) ) )
		);
	}

	/** @return array<int,array<string,mixed>> forwarded requests carrying this key */
	private function forwardedFor( string $key ): array {
		return array_values(
			array_filter(
				$this->forwarded(),
				static function ( $e ) use ( $key ) {
					return $e['headers']['x-idempotency-key'] === $key;
				}
			)
		);
	}

	/** @return array<int,array<string,mixed>> */
	private function cronSpawns(): array {
		$file = self::$tmp . '/cron-spawns.log';
		if ( ! is_file( $file ) ) {
			return array();
		}
		return array_map(
			static function ( $line ) {
				return json_decode( $line, true );
			},
			array_values( array_filter( explode( "\n", (string) file_get_contents( $file ) ) ) )
		);
	}

	private function cron( array $env = array() ): void {
		$this->assertSame( array( 'ran' => true ), $this->wp( 'cron', array(), $env ) );
	}

	private function endpoint(): string {
		return 'http://127.0.0.1:' . self::$port . '/webhooks/wordpress';
	}

	private function assertDeliveredAccepted( array $row ): void {
		$this->assertSame( 'delivered', $row['state'], 'row ' . $row['id'] . ': ' . (string) $row['last_error'] );
		$this->assertSame( '202', (string) $row['last_http_status'] );
		$this->assertSame( 'queued', $row['response_status'] );
		$this->assertNotSame( '', $row['event_id'] );
	}

	private function waitUntil( int $unix ): void {
		while ( time() <= $unix ) {
			usleep( 200000 );
		}
	}

	// ------------------------------------------------------------------ steps

	public function testInstallsWordPressFromTheDebianPackage(): void {
		$result = $this->wp( 'install' );
		$this->assertSame( 1, $result['user_id'] );
		$this->assertSame( self::SITE, $result['home'] );
		$this->assertMatchesRegularExpression( '/^\d+\.\d+/', $result['wp_version'] );
	}

	/**
	 * @depends testInstallsWordPressFromTheDebianPackage
	 */
	public function testActivationCreatesTheOutboxAndDefaults(): void {
		$result = $this->wp( 'activate' );
		$this->assertNull( $result['error'] );
		$this->assertTrue( $result['active'] );
		$this->assertTrue( $result['table'], 'outbox table created by dbDelta' );
		$this->assertSame( 'wordpress', $result['settings']['source'] );
		$this->assertSame( array( 'post', 'page' ), $result['settings']['post_types'] );
		$this->assertSame( array( 'post.created', 'post.updated', 'post.published', 'post.trashed', 'post.deleted' ), $result['settings']['events'] );
		$this->assertSame( 5, $result['settings']['timeout'] );
		$this->assertTrue( $result['recurring'] );
		$this->assertSame( 'hookwarden_bridge_5min', $result['schedule'] );
		$this->assertSame( array(), $this->outbox() );

		$settings = $this->wp( 'configure', array( 'endpoint_url' => $this->endpoint() ) );
		$this->assertSame( $this->endpoint(), $settings['endpoint_url'] );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testWithoutSecretNothingIsRecordedAndTheAdminIsTold(): void {
		$no_secret = array( 'HW_IT_NO_SECRET' => '1' );
		$this->wp( 'create', array( 'title' => 'Written without a secret' ), $no_secret );
		$this->assertSame( array(), $this->outbox() );
		$notices = $this->wp( 'notices', array(), $no_secret )['html'];
		$this->assertStringContainsString( 'sends nothing', $notices );
		$this->assertStringContainsString( 'HOOKWARDEN_SECRET', $notices );
		$page = $this->wp( 'settings-page', array(), $no_secret )['html'];
		$this->assertStringContainsString( 'Not defined. Nothing is sent.', $page );

		$this->assertStringNotContainsString( 'sends nothing', $this->wp( 'notices' )['html'] );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testSettingsPageAndSanitizingNeverExposeTheSecret(): void {
		$secret = (string) getenv( 'HOOKWARDEN_SECRET' );
		$page   = $this->wp( 'settings-page' )['html'];
		foreach ( array( 'hookwarden_bridge_settings[endpoint_url]', 'hookwarden_bridge_settings[source]', 'hookwarden_bridge_settings[events][]', 'hookwarden_bridge_settings[post_types][]', 'hookwarden_bridge_settings[timeout]', 'Send test event', 'value hidden', 'HOOKWARDEN_SECRET', 'option_page' ) as $needle ) {
			$this->assertStringContainsString( $needle, $page );
		}
		$this->assertStringNotContainsString( $secret, $page );
		$this->assertSame( array(), $this->wp( 'options-containing', array( 'needle' => $secret ) ), 'the secret is not in wp_options' );

		$clean = $this->wp(
			'sanitize',
			array(
				'endpoint_url' => 'javascript:alert(1)',
				'source'       => 'Not A Name!',
				'events'       => array( 'post.updated', 'bogus' ),
				'post_types'   => array( 'page', 'no_such_type' ),
				'timeout'      => 99,
			)
		);
		$this->assertSame( $this->endpoint(), $clean['endpoint_url'], 'an invalid URL keeps the old value' );
		$this->assertSame( 'wordpress', $clean['source'] );
		$this->assertSame( array( 'post.updated' ), $clean['events'] );
		$this->assertSame( array( 'page' ), $clean['post_types'] );
		$this->assertSame( 30, $clean['timeout'] );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testSendTestEventShowsTheAnswer(): void {
		$result = $this->wp( 'test-event' );
		$this->assertSame( 202, $result['status'], (string) $result['error'] . ' ' . (string) $result['body'] );
		$answer = json_decode( $result['body'], true );
		$this->assertSame( 'queued', $answer['status'] );
		$this->assertNotEmpty( $answer['event_id'] );
		$this->assertStringContainsString( 'HTTP status 202', $result['page'] );
		$this->assertStringContainsString( htmlspecialchars( (string) $answer['event_id'] ), $result['page'] );
		$sent = $this->forwardedFor( $result['idempotency_key'] );
		$this->assertCount( 1, $sent );
		$this->assertSame( $result['request_body'], $sent[0]['body'] );
		$this->assertSame( array(), $this->outbox(), 'the test event does not go through the outbox' );

		// Without the http_request_host_is_external filter WordPress refuses the loopback endpoint,
		// and the answer says which filter is needed.
		$refused = $this->wp( 'test-event', array(), array( 'HW_IT_NO_HOST_FILTER' => '1' ) );
		$this->assertNull( $refused['status'] );
		$this->assertStringContainsString( 'http_request_host_is_external', $refused['error'] );
		$this->assertStringContainsString( 'No answer:', $refused['page'] );
		$this->assertCount( 1, $this->forwardedFor( $result['idempotency_key'] ) );
		$this->assertSame( array(), $this->forwardedFor( $refused['idempotency_key'] ) );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testTheSeedsSecretConstantIsHonoured(): void {
		$seed   = array( 'HW_IT_SEED_SECRET' => '1' );
		$result = $this->wp( 'test-event', array(), $seed );
		$this->assertSame( 202, $result['status'], (string) $result['error'] );
		$this->assertStringContainsString( '<code>AI_BRIDGE_SECRET</code> (value hidden)', $result['page'] );
		$this->assertStringNotContainsString( (string) getenv( 'HOOKWARDEN_SECRET' ), $result['page'] );
		$this->assertStringNotContainsString( 'sends nothing', $this->wp( 'notices', array(), $seed )['html'] );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testPostLifecycleIsRecordedWithoutNetworkThenDeliveredByCron(): void {
		$this->cron(); // Start from an idle WP-Cron (no spawn lock).
		$requests_before = count( $this->forwarded() );
		$spawns_before   = count( $this->cronSpawns() );

		$id = $this->wp( 'create', array( 'title' => 'Hello Hookwarden', 'content' => 'First body' ) )['id'];
		$this->assertIsInt( $id );
		$this->assertSame( $requests_before, count( $this->forwarded() ), 'saving a post sends nothing itself' );
		$spawns = array_slice( $this->cronSpawns(), $spawns_before );
		$this->assertNotEmpty( $spawns, 'the save asked WP-Cron to run' );
		$this->assertFalse( $spawns[0]['blocking'], 'the cron spawn does not block the request' );
		$this->assertTrue( $spawns[0]['shutdown'], 'spawned on shutdown, after the request' );

		$this->wp( 'update', array( 'ID' => $id, 'post_title' => 'Hello again' ) );
		$this->wp( 'publish', array( 'id' => $id ) );
		// Two different saves within the same second.
		$this->wp(
			'update',
			array(
				'pin_modified_gmt' => gmdate( 'Y-m-d H:i:s' ),
				'saves'            => array(
					array( 'ID' => $id, 'post_title' => 'Same second A' ),
					array( 'ID' => $id, 'post_title' => 'Same second B' ),
				),
			)
		);
		$this->wp( 'autosave', array( 'id' => $id ) ); // An autosave revision: no event.
		$page = $this->wp( 'create', array( 'post_type' => 'page', 'title' => 'About', 'status' => 'publish' ) )['id'];
		$this->wp( 'create', array( 'post_type' => 'hw_note', 'title' => 'Not selected', 'status' => 'publish' ) );
		$this->wp( 'trash', array( 'id' => $id ) );
		$this->wp( 'delete', array( 'id' => $id ) );
		$this->assertSame( $requests_before, count( $this->forwarded() ), 'no save sent anything' );

		$rows = $this->outbox();
		$this->assertSame(
			array(
				array( 'post.created', $id ),
				array( 'post.updated', $id ),
				array( 'post.published', $id ),
				array( 'post.updated', $id ),
				array( 'post.updated', $id ),
				array( 'post.published', $page ),
				array( 'post.trashed', $id ),
				array( 'post.deleted', $id ),
			),
			array_map(
				static function ( $r ) {
					return array( $r['event_type'], (int) $r['post_id'] );
				},
				$rows
			),
			'one event per save; no revision, autosave or unselected post type'
		);

		$a = json_decode( $rows[3]['body'], true );
		$b = json_decode( $rows[4]['body'], true );
		$this->assertSame( 'Same second A', $a['title'] );
		$this->assertSame( 'Same second B', $b['title'] );
		$this->assertSame( $a['updated_at'], $b['updated_at'], 'both saves have the same modified second' );
		$this->assertNotSame( $rows[3]['idempotency_key'], $rows[4]['idempotency_key'], 'two saves, two events' );

		foreach ( $rows as $row ) {
			$this->assertSame( 'pending', $row['state'] );
			$this->assertSame( '0', (string) $row['attempts'] );
			$body = json_decode( $row['body'], true );
			$this->assertSame( array( 'type', 'id', 'slug', 'status', 'title', 'updated_at', 'post_type', 'permalink', 'site_url', 'content_sha256' ), array_keys( $body ) );
			$this->assertSame( $row['event_type'], $body['type'] );
			$this->assertSame( (string) $row['post_id'], $body['id'] );
			$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $body['updated_at'] );
			$this->assertEqualsWithDelta( time(), strtotime( $body['updated_at'] ), 600 );
			$this->assertSame( self::SITE, $body['site_url'] );
			$this->assertStringStartsWith( self::SITE . '/', $body['permalink'] );
			$this->assertSame( hash( 'sha256', $row['body'] ), $row['body_sha256'] );
			$this->assertSame( IdempotencyKey::derive( self::SITE, (string) $row['post_id'], $row['event_type'], $row['body_sha256'] ), $row['idempotency_key'] );
		}
		$this->assertSame( 'publish', json_decode( $rows[2]['body'], true )['status'] );
		$this->assertSame( 'trash', json_decode( $rows[6]['body'], true )['status'] );

		$this->cron();
		$event_ids = array();
		$now       = time();
		foreach ( $this->outbox() as $row ) {
			$this->assertDeliveredAccepted( $row );
			$this->assertSame( '1', (string) $row['attempts'] );
			$event_ids[] = $row['event_id'];
			$sent        = $this->forwardedFor( $row['idempotency_key'] );
			$this->assertCount( 1, $sent, 'each event was sent once' );
			$request = $sent[0];
			$this->assertSame( 'POST', $request['method'] );
			$this->assertSame( '/webhooks/wordpress', $request['path'] );
			$this->assertSame( $row['body'], $request['body'], 'the stored bytes are sent' );
			$this->assertSame( 'application/json', $request['headers']['content-type'] );
			$this->assertSame( 'wordpress', $request['headers']['x-source'] );
			$this->assertEqualsWithDelta( $now, (int) $request['headers']['x-timestamp'], 60 );
			$this->assertTrue( Signer::verify( (string) getenv( 'HOOKWARDEN_SECRET' ), $request['headers']['x-timestamp'], $request['body'], $request['headers']['x-signature'] ) );
			$this->assertSame( 202, $request['status'] );
		}
		$this->assertCount( 8, array_unique( $event_ids ) );
		self::$facts['lifecycle'] = $this->outbox();
	}

	/**
	 * @depends testPostLifecycleIsRecordedWithoutNetworkThenDeliveredByCron
	 */
	public function testForcedResendOfADeliveredRowIsADuplicateWithTheSameEventId(): void {
		$row = self::$facts['lifecycle'][0];
		sleep( 1 ); // A fresh timestamp for the resend.
		$this->assertSame( array( 'requeued' => 1 ), $this->wp( 'requeue', array( 'id' => (int) $row['id'] ) ) );
		$this->cron();
		$after = $this->row( (int) $row['id'] );
		$this->assertSame( 'delivered', $after['state'] );
		$this->assertSame( '200', (string) $after['last_http_status'] );
		$this->assertSame( 'duplicate', $after['response_status'] );
		$this->assertSame( $row['event_id'], $after['event_id'], 'the duplicate names the same event' );
		$this->assertSame( $row['body'], $after['body'] );

		$sent = $this->forwardedFor( $row['idempotency_key'] );
		$this->assertCount( 2, $sent );
		$this->assertSame( $sent[0]['body'], $sent[1]['body'], 'same bytes' );
		$this->assertNotSame( $sent[0]['headers']['x-timestamp'], $sent[1]['headers']['x-timestamp'], 'fresh timestamp' );
		$this->assertNotSame( $sent[0]['headers']['x-signature'], $sent[1]['headers']['x-signature'], 'fresh signature' );
		$this->assertSame( array( 202, 200 ), array( $sent[0]['status'], $sent[1]['status'] ) );
		$this->assertSame( $row['event_id'], json_decode( $sent[1]['response_body'], true )['event_id'] );
	}

	/**
	 * @depends testActivationCreatesTheOutboxAndDefaults
	 */
	public function testBlockEditorSavesGiveOneEventEach(): void {
		$last = $this->lastRowId();
		$rest = $this->wp(
			'rest',
			array(
				'method' => 'POST',
				'route'  => '/wp/v2/posts',
				'params' => array( 'title' => 'From the block editor', 'content' => 'Blocks', 'status' => 'draft' ),
			)
		);
		$this->assertSame( 201, $rest['status'] );
		$id = (int) $rest['id'];
		$this->assertSame( array( 'post.created' ), array_column( $this->rowsAfter( $last ), 'event_type' ) );

		$last = $this->lastRowId();
		$auto = $this->wp(
			'rest',
			array(
				'method' => 'POST',
				'route'  => "/wp/v2/posts/{$id}/autosaves",
				'params' => array( 'title' => 'Autosaved draft title', 'content' => 'Autosaved blocks' ),
			)
		);
		$this->assertSame( 200, $auto['status'] );
		$this->assertSame( array(), $this->rowsAfter( $last ), 'autosaves are not events' );

		$publish = $this->wp(
			'rest',
			array(
				'method' => 'POST',
				'route'  => "/wp/v2/posts/{$id}",
				'params' => array( 'status' => 'publish', 'title' => 'Published from the block editor' ),
			)
		);
		$this->assertSame( 200, $publish['status'] );
		$this->assertSame( array( 'post.published' ), array_column( $this->rowsAfter( $last ), 'event_type' ) );

		// The editor's second request (legacy meta boxes) saves the same content again, a moment
		// later: not a new event.
		$last = $this->lastRowId();
		sleep( 1 );
		$this->wp( 'metabox-resave', array( 'id' => $id ) );
		$this->assertSame( array(), $this->rowsAfter( $last ), 'the meta box save is the same save' );

		// The hook firing again for one save within a request: one event.
		$this->wp( 'double-fire', array( 'id' => $id, 'title' => 'Edited once' ) );
		$new = $this->rowsAfter( $last );
		$this->assertSame( array( 'post.updated' ), array_column( $new, 'event_type' ) );
		$this->assertSame( 'Edited once', json_decode( $new[0]['body'], true )['title'] );

		$this->cron();
		foreach ( $this->outbox() as $row ) {
			$this->assertSame( 'delivered', $row['state'] );
		}
	}

	/**
	 * @depends testPostLifecycleIsRecordedWithoutNetworkThenDeliveredByCron
	 */
	public function testEndpointDownThenUpIsRetriedAndAcceptedExactlyOnce(): void {
		self::stopForwarder();
		$last = $this->lastRowId();
		$this->wp( 'create', array( 'title' => 'Written while the endpoint is down', 'status' => 'publish' ) );
		$row  = $this->rowsAfter( $last )[0];
		$fast = array( 'HW_IT_BASE_DELAY' => '1' ); // Backoff 1 s, 2 s, 4 s; at most 4 attempts.

		foreach ( array( 1 => 1, 2 => 2, 3 => 4 ) as $attempt => $delay ) {
			$this->waitUntil( (int) $row['next_attempt_at'] );
			$this->cron( $fast );
			$row = $this->row( (int) $row['id'] );
			$this->assertSame( 'pending', $row['state'] );
			$this->assertSame( (string) $attempt, (string) $row['attempts'] );
			$this->assertSame( '0', (string) $row['last_http_status'] );
			$this->assertStringContainsString( 'http_request_failed', (string) $row['last_error'] );
			$this->assertSame( (int) $row['last_attempt_at'] + $delay, (int) $row['next_attempt_at'], "backoff after attempt {$attempt}" );
		}
		$scheduled = $this->wp( 'cron-events' );
		$this->assertContains( array( 'hook' => 'hookwarden_bridge_flush', 'time' => (int) $row['next_attempt_at'] ), $scheduled['events'], 'a flush is scheduled for the retry' );
		$this->assertStringContainsString( 'still retrying after 3 attempts', $this->wp( 'notices' )['html'] );
		$this->assertSame( array(), $this->forwardedFor( $row['idempotency_key'] ) );

		self::startForwarder();
		$this->cron( $fast ); // Not due yet: nothing happens.
		$this->assertSame( '3', (string) $this->row( (int) $row['id'] )['attempts'] );

		$this->waitUntil( (int) $row['next_attempt_at'] );
		$this->cron( $fast );
		$after = $this->row( (int) $row['id'] );
		$this->assertDeliveredAccepted( $after );
		$this->assertSame( '4', (string) $after['attempts'], 'accepted on the last allowed attempt' );
		$this->assertNull( $after['last_error'] );
		$this->assertSame( $row['body'], $after['body'] );
		$this->assertStringNotContainsString( 'still retrying', $this->wp( 'notices' )['html'] );

		$this->wp( 'requeue', array( 'id' => (int) $row['id'] ) );
		$this->cron();
		$again = $this->row( (int) $row['id'] );
		$this->assertSame( 'duplicate', $again['response_status'] );
		$this->assertSame( $after['event_id'], $again['event_id'] );

		$sent = $this->forwardedFor( $row['idempotency_key'] );
		$this->assertSame( array( 202, 200 ), array_column( $sent, 'status' ), 'exactly one accepted event' );
	}

	/**
	 * @depends testEndpointDownThenUpIsRetriedAndAcceptedExactlyOnce
	 */
	public function testRetryAfterOf503And429IsHonoured(): void {
		file_put_contents( self::$tmp . '/faults.json', json_encode( array( array( 'status' => 503, 'retry_after' => '4' ), array( 'status' => 429, 'retry_after' => '3' ) ) ) );
		$fast = array( 'HW_IT_BASE_DELAY' => '1' );
		$last = $this->lastRowId();
		$this->wp( 'create', array( 'title' => 'Throttled', 'status' => 'publish' ) );
		$id = (int) $this->rowsAfter( $last )[0]['id'];

		$this->cron( $fast );
		$row = $this->row( $id );
		$this->assertSame( array( 'pending', '1', '503' ), array( $row['state'], (string) $row['attempts'], (string) $row['last_http_status'] ) );
		$this->assertSame( 4, (int) $row['next_attempt_at'] - (int) $row['last_attempt_at'], 'Retry-After: 4 beats the 1 s backoff' );
		$this->assertStringContainsString( 'Retry-After: 4', (string) $row['last_error'] );

		$this->waitUntil( (int) $row['next_attempt_at'] );
		$this->cron( $fast );
		$row = $this->row( $id );
		$this->assertSame( array( 'pending', '2', '429' ), array( $row['state'], (string) $row['attempts'], (string) $row['last_http_status'] ) );
		$this->assertSame( 3, (int) $row['next_attempt_at'] - (int) $row['last_attempt_at'], 'Retry-After: 3 beats the 2 s backoff' );

		$this->waitUntil( (int) $row['next_attempt_at'] );
		$this->cron( $fast );
		$row = $this->row( $id );
		$this->assertDeliveredAccepted( $row );
		$this->assertSame( '3', (string) $row['attempts'] );
		$this->assertSame( array( 503, 429, 202 ), array_column( $this->forwardedFor( $row['idempotency_key'] ), 'status' ) );
	}

	/**
	 * @depends testPostLifecycleIsRecordedWithoutNetworkThenDeliveredByCron
	 */
	public function testBadSignatureFailsAtOnceIsShownAndCanBeRetried(): void {
		$last = $this->lastRowId();
		$this->wp( 'create', array( 'title' => 'Signed with the wrong secret', 'status' => 'publish' ) );
		$id = (int) $this->rowsAfter( $last )[0]['id'];

		$this->cron( array( 'HW_IT_WP_SECRET' => 'not-the-shared-secret' ) );
		$row = $this->row( $id );
		$this->assertSame( 'failed', $row['state'], 'a 401 is not retried' );
		$this->assertSame( '1', (string) $row['attempts'] );
		$this->assertSame( '401', (string) $row['last_http_status'] );
		$this->assertStringStartsWith( 'HTTP 401', (string) $row['last_error'] );

		$notices = $this->wp( 'notices' )['html'];
		$this->assertStringContainsString( 'could not deliver 1 event', $notices );
		$this->assertStringContainsString( 'HTTP 401', $notices );
		$this->assertStringNotContainsString( (string) getenv( 'HOOKWARDEN_SECRET' ), $notices );
		$this->assertStringContainsString( 'Retry failed events', $this->wp( 'settings-page' )['html'] );

		$this->assertSame( array( 'requeued' => 1 ), $this->wp( 'requeue' ) );
		$this->cron();
		$this->assertDeliveredAccepted( $this->row( $id ) );
		$this->assertStringNotContainsString( 'could not deliver', $this->wp( 'notices' )['html'] );
	}

	/**
	 * @depends testBadSignatureFailsAtOnceIsShownAndCanBeRetried
	 */
	public function testKeyReusedWithAnotherBodyIsAConflictAndCorruptRowsAreNotSent(): void {
		$rows = $this->outbox();
		$row  = end( $rows );
		$this->assertSame( 'delivered', $row['state'] );
		$this->assertTrue( $this->wp( 'tamper', array( 'id' => (int) $row['id'] ) )['changed'] );
		$this->wp( 'requeue', array( 'id' => (int) $row['id'] ) );
		$this->cron();
		$after = $this->row( (int) $row['id'] );
		$this->assertSame( 'failed', $after['state'] );
		$this->assertSame( '409', (string) $after['last_http_status'] );
		$this->assertSame( '1', (string) $after['attempts'], 'a 409 is not retried' );

		$last = $this->lastRowId();
		$this->wp( 'create', array( 'title' => 'Corrupted in the database', 'status' => 'publish' ) );
		$bad = $this->rowsAfter( $last )[0];
		$this->wp( 'corrupt', array( 'id' => (int) $bad['id'] ) );
		$this->cron();
		$bad_after = $this->row( (int) $bad['id'] );
		$this->assertSame( 'failed', $bad_after['state'] );
		$this->assertStringContainsString( 'no longer matches its hash', (string) $bad_after['last_error'] );
		$this->assertSame( array(), $this->forwardedFor( $bad['idempotency_key'] ) );
	}

	/**
	 * @depends testKeyReusedWithAnotherBodyIsAConflictAndCorruptRowsAreNotSent
	 */
	public function testTheOutboxIsBounded(): void {
		$last  = $this->lastRowId();
		$small = array( 'HW_IT_MAX_PENDING' => '2' );
		foreach ( array( 'one', 'two', 'three' ) as $title ) {
			$this->wp( 'create', array( 'title' => "Bounded {$title}", 'status' => 'publish' ), $small );
		}
		$this->assertCount( 2, $this->rowsAfter( $last ), 'the third event found the outbox full' );
		$this->assertStringContainsString( 'dropped 1 event', $this->wp( 'notices', array(), $small )['html'] );

		$this->cron( array( 'HW_IT_KEEP_DELIVERED' => '3' ) );
		$delivered = array_filter(
			$this->outbox(),
			static function ( $r ) {
				return 'delivered' === $r['state'];
			}
		);
		$this->assertCount( 3, $delivered, 'delivered rows are pruned to the newest ones' );
		$this->assertGreaterThan( $last, (int) max( array_column( $delivered, 'id' ) ) );
	}

	/**
	 * @depends testTheOutboxIsBounded
	 */
	public function testNoEventWasEverAcceptedTwiceAndThePluginLoggedNoPhpErrors(): void {
		$accepted = array();
		foreach ( $this->forwarded() as $request ) {
			if ( 202 === $request['status'] ) {
				$key              = $request['headers']['x-idempotency-key'];
				$accepted[ $key ] = ( $accepted[ $key ] ?? 0 ) + 1;
			}
		}
		$this->assertNotEmpty( $accepted );
		$this->assertSame( array( 1 ), array_values( array_unique( $accepted ) ) );

		$log = is_file( self::$tmp . '/debug.log' ) ? (string) file_get_contents( self::$tmp . '/debug.log' ) : '';
		$this->assertStringNotContainsString( 'hookwarden-bridge', $log, "PHP notices from the plugin:\n{$log}" );
		$this->assertStringNotContainsString( 'WordPress database error', $log, $log );
	}

	/**
	 * @depends testNoEventWasEverAcceptedTwiceAndThePluginLoggedNoPhpErrors
	 */
	public function testUninstallRemovesTableOptionsAndCron(): void {
		$result = $this->wp( 'uninstall' );
		$this->assertTrue( $result['uninstall_result'] );
		$this->assertFalse( $result['table'] );
		$this->assertSame( array(), $result['options_left'] );
		$this->assertFalse( $result['cron_left'] );
	}
}
