<?php
/**
 * TEST DOUBLE — NOT the Hookwarden runtime.
 *
 * A throwaway stand-in for the Hookwarden ingest runtime, implementing its HTTP contract for
 * WordPress-bridge development before/without the Java runtime. CI never uses it: CI points
 * HOOKWARDEN_URL at the real runtime (`java -jar ingest-runtime/target/quarkus-app/quarkus-run.jar
 * local -f FILE --port N`). run-tests.sh only starts this when asked with --use-test-double, and
 * refuses that when CI=true.
 *
 * Router script for `php -S 127.0.0.1:PORT test-double-receiver.php`. Environment:
 *   HOOKWARDEN_SECRET   secret of the source HW_DOUBLE_SOURCE (default "wordpress")
 *   HW_DOUBLE_STATE     JSON file holding the idempotency store
 *
 * Contract (DESIGN.md "Ingest HTTP" and "hmac-sha256-v1"):
 *   POST /webhooks/{source}, or POST /webhooks/ingest with X-Source
 *   202 {"status":"queued","event_id":…}; 200 {"status":"duplicate","event_id":…} for a repeat of
 *   (source, key, same body hash); 409 when the key is reused with another body; 400 missing or
 *   invalid headers / unknown source; 401 bad signature or timestamp outside ±300 s; 413 over
 *   512 KiB. Error bodies: {"error": code, "message": text}.
 *
 * @package HookwardenBridge
 */

const HW_DOUBLE_MAX_BODY = 524288;
const HW_DOUBLE_WINDOW   = 300;

/**
 * Answer and stop.
 *
 * @param int   $status Status.
 * @param array $body   JSON body.
 */
function hw_double_answer( $status, array $body ) {
	http_response_code( $status );
	header( 'Content-Type: application/json' );
	echo json_encode( $body );
	exit;
}

$source_name = getenv( 'HW_DOUBLE_SOURCE' ) ?: 'wordpress';
$secret      = (string) getenv( 'HOOKWARDEN_SECRET' );
$state_file  = (string) getenv( 'HW_DOUBLE_STATE' );
$path        = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$headers     = array_change_key_case( getallheaders(), CASE_LOWER );

if ( 'GET' === $_SERVER['REQUEST_METHOD'] && '/healthz' === $path ) {
	hw_double_answer( 200, array( 'status' => 'ok', 'test_double' => true ) );
}
if ( 'POST' !== $_SERVER['REQUEST_METHOD'] || 1 !== preg_match( '#^/webhooks/([a-z0-9-]+)$#', $path, $m ) ) {
	hw_double_answer( 404, array( 'error' => 'not_found', 'message' => 'POST /webhooks/{source}' ) );
}
$source = 'ingest' === $m[1] ? (string) ( $headers['x-source'] ?? '' ) : $m[1];
if ( isset( $headers['content-length'] ) && (int) $headers['content-length'] > HW_DOUBLE_MAX_BODY ) {
	hw_double_answer( 413, array( 'error' => 'payload_too_large', 'message' => 'body over 512 KiB' ) );
}
$body = (string) file_get_contents( 'php://input' );
if ( strlen( $body ) > HW_DOUBLE_MAX_BODY ) {
	hw_double_answer( 413, array( 'error' => 'payload_too_large', 'message' => 'body over 512 KiB' ) );
}
foreach ( array( 'x-idempotency-key', 'x-timestamp', 'x-signature' ) as $required ) {
	if ( empty( $headers[ $required ] ) ) {
		hw_double_answer( 400, array( 'error' => 'missing_header', 'message' => "missing {$required}" ) );
	}
}
if ( isset( $headers['x-source'] ) && $headers['x-source'] !== $source ) {
	hw_double_answer( 400, array( 'error' => 'source_mismatch', 'message' => 'X-Source does not match the path' ) );
}
if ( $source !== $source_name || '' === $secret ) {
	hw_double_answer( 400, array( 'error' => 'unknown_source', 'message' => 'unknown source' ) );
}
$key = (string) $headers['x-idempotency-key'];
if ( strlen( $key ) > 64 ) {
	hw_double_answer( 400, array( 'error' => 'invalid_idempotency_key', 'message' => 'key longer than 64' ) );
}
$ts  = (string) $headers['x-timestamp'];
$sig = (string) $headers['x-signature'];
if ( 1 === preg_match( '/^scheme=v1,ts=([0-9]+),hash=([0-9a-fA-F]+)$/', $sig, $parts ) ) {
	if ( $parts[1] !== $ts ) {
		hw_double_answer( 401, array( 'error' => 'bad_signature', 'message' => 'ts mismatch' ) );
	}
	$sig = $parts[2];
}
if ( 1 !== preg_match( '/^[0-9]{1,12}$/', $ts ) ) {
	hw_double_answer( 400, array( 'error' => 'invalid_timestamp', 'message' => 'X-Timestamp must be unix seconds' ) );
}
if ( abs( time() - (int) $ts ) > HW_DOUBLE_WINDOW ) {
	hw_double_answer( 401, array( 'error' => 'timestamp_outside_window', 'message' => 'timestamp outside the window' ) );
}
if ( ! hash_equals( hash_hmac( 'sha256', $ts . '.' . $body, $secret ), strtolower( $sig ) ) ) {
	hw_double_answer( 401, array( 'error' => 'bad_signature', 'message' => 'signature mismatch' ) );
}

$body_hash = hash( 'sha256', $body );
$fh        = fopen( $state_file, 'c+' );
flock( $fh, LOCK_EX );
$store = json_decode( (string) stream_get_contents( $fh ), true );
$store = is_array( $store ) ? $store : array();
$id    = $source . "\n" . $key;
if ( isset( $store[ $id ] ) ) {
	flock( $fh, LOCK_UN );
	if ( $store[ $id ]['body_hash'] !== $body_hash ) {
		hw_double_answer( 409, array( 'error' => 'idempotency_conflict', 'message' => 'key reused with a different body' ) );
	}
	hw_double_answer( 200, array( 'status' => 'duplicate', 'event_id' => $store[ $id ]['event_id'] ) );
}
$event_id     = 'dbl-' . bin2hex( random_bytes( 8 ) );
$store[ $id ] = array(
	'body_hash' => $body_hash,
	'event_id'  => $event_id,
);
ftruncate( $fh, 0 );
rewind( $fh );
fwrite( $fh, json_encode( $store ) );
fflush( $fh );
flock( $fh, LOCK_UN );
fclose( $fh );
hw_double_answer( 202, array( 'status' => 'queued', 'event_id' => $event_id ) );
