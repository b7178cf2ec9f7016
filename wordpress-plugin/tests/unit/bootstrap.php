<?php
/**
 * Unit tests load only the plain PHP classes: no WordPress, no database, no network.
 *
 * @package HookwardenBridge
 */

error_reporting( E_ALL );
define( 'HOOKWARDEN_BRIDGE_TESTING', true );

$hookwarden_bridge_dir = dirname( __DIR__, 2 ) . '/hookwarden-bridge/includes/';
require_once $hookwarden_bridge_dir . 'class-signer.php';
require_once $hookwarden_bridge_dir . 'class-idempotency-key.php';
require_once $hookwarden_bridge_dir . 'class-retry-policy.php';
require_once $hookwarden_bridge_dir . 'class-event-resolver.php';

if ( defined( 'ABSPATH' ) || function_exists( 'add_action' ) ) {
	fwrite( STDERR, "The unit tests must run without WordPress.\n" );
	exit( 1 );
}

/** Path of the shared signing vectors. */
define( 'HOOKWARDEN_VECTORS_FILE', getenv( 'HOOKWARDEN_VECTORS_FILE' ) ?: dirname( __DIR__, 3 ) . '/testdata/hmac-sha256-v1-vectors.json' );
