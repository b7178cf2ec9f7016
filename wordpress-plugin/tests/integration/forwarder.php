<?php
/**
 * Pass-through HTTP forwarder the integration test puts between WordPress and the receiver
 * (router script for `php -S`).
 *
 * - It forwards each request's method, path, body bytes and headers to HW_FWD_UPSTREAM (the real
 *   Hookwarden runtime in CI) and returns the receiver's status, Retry-After and body unchanged.
 * - It appends one JSON line per request to HW_FWD_LOG, so the test can see exactly what was sent
 *   and what the receiver answered, whatever the receiver is.
 * - Stopping and restarting this process on the same port is how the test makes "the endpoint"
 *   go down and come back.
 * - Fault injection: when HW_FWD_FAULTS names a JSON file holding a list of canned answers
 *   ({"status":503,"retry_after":"3"}), the next requests are answered from that list, in
 *   order, without being forwarded (to test Retry-After handling against any receiver).
 *
 * @package HookwardenBridge
 */

$upstream = rtrim( (string) getenv( 'HW_FWD_UPSTREAM' ), '/' );
$log_file = (string) getenv( 'HW_FWD_LOG' );
$faults   = (string) getenv( 'HW_FWD_FAULTS' );
$body     = (string) file_get_contents( 'php://input' );
$in       = array_change_key_case( function_exists( 'getallheaders' ) ? getallheaders() : array(), CASE_LOWER );
$path     = (string) $_SERVER['REQUEST_URI'];

$entry = array(
	'time'        => microtime( true ),
	'method'      => $_SERVER['REQUEST_METHOD'],
	'path'        => $path,
	'headers'     => array(),
	'body'        => $body,
	'body_sha256' => hash( 'sha256', $body ),
);
foreach ( array( 'content-type', 'x-source', 'x-timestamp', 'x-idempotency-key', 'x-signature', 'user-agent' ) as $name ) {
	$entry['headers'][ $name ] = $in[ $name ] ?? null;
}

$canned = null;
if ( '' !== $faults && is_file( $faults ) ) {
	$fh = fopen( $faults, 'c+' );
	flock( $fh, LOCK_EX );
	$list = json_decode( (string) stream_get_contents( $fh ), true );
	if ( is_array( $list ) && count( $list ) > 0 ) {
		$canned = array_shift( $list );
		ftruncate( $fh, 0 );
		rewind( $fh );
		fwrite( $fh, json_encode( $list ) );
	}
	flock( $fh, LOCK_UN );
	fclose( $fh );
}

if ( null !== $canned ) {
	$status      = (int) $canned['status'];
	$retry_after = isset( $canned['retry_after'] ) ? (string) $canned['retry_after'] : null;
	$resp_body   = json_encode( array( 'error' => 'injected', 'message' => 'fault injected by the test forwarder' ) );
	$resp_type   = 'application/json';
} else {
	$out = array();
	foreach ( $in as $name => $value ) {
		if ( ! in_array( $name, array( 'host', 'content-length', 'connection', 'expect' ), true ) ) {
			$out[] = $name . ': ' . $value;
		}
	}
	$resp_headers = array();
	$ch           = curl_init( $upstream . $path );
	curl_setopt_array(
		$ch,
		array(
			CURLOPT_CUSTOMREQUEST  => $_SERVER['REQUEST_METHOD'],
			CURLOPT_POSTFIELDS     => $body,
			CURLOPT_HTTPHEADER     => array_merge( $out, array( 'Expect:' ) ),
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => 20,
			CURLOPT_HEADERFUNCTION => static function ( $ch, $line ) use ( &$resp_headers ) {
				$parts = explode( ':', $line, 2 );
				if ( 2 === count( $parts ) ) {
					$resp_headers[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
				}
				return strlen( $line );
			},
		)
	);
	$resp_body = curl_exec( $ch );
	if ( false === $resp_body ) {
		$status      = 502;
		$resp_body   = json_encode( array( 'error' => 'forwarder_upstream', 'message' => curl_error( $ch ) ) );
		$resp_type   = 'application/json';
		$retry_after = null;
	} else {
		$status      = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		$resp_type   = $resp_headers['content-type'] ?? 'application/json';
		$retry_after = $resp_headers['retry-after'] ?? null;
	}
	curl_close( $ch );
}

$entry['status']        = $status;
$entry['retry_after']   = $retry_after;
$entry['response_body'] = $resp_body;
$entry['injected']      = null !== $canned;
if ( '' !== $log_file ) {
	file_put_contents( $log_file, json_encode( $entry ) . "\n", FILE_APPEND | LOCK_EX );
}

http_response_code( $status );
header( 'Content-Type: ' . $resp_type );
if ( null !== $retry_after ) {
	header( 'Retry-After: ' . $retry_after );
}
echo $resp_body;
