<?php
/**
 * Plugin Name:       Hookwarden Bridge
 * Description:       Sends signed post events (created, updated, published, trashed, deleted) to a Hookwarden webhook ingest endpoint, through a retrying outbox that never slows down saving.
 * Version:           1.0.0
 * Requires at least: 5.6
 * Requires PHP:      7.4
 * Author:            Hookwarden
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       hookwarden-bridge
 * Domain Path:       /languages
 *
 * @package HookwardenBridge
 */

defined( 'ABSPATH' ) || exit;

define( 'HOOKWARDEN_BRIDGE_VERSION', '1.0.0' );
define( 'HOOKWARDEN_BRIDGE_FILE', __FILE__ );

// Plain PHP (no WordPress needed): signing, keys, retry policy, event mapping.
require_once __DIR__ . '/includes/class-signer.php';
require_once __DIR__ . '/includes/class-idempotency-key.php';
require_once __DIR__ . '/includes/class-retry-policy.php';
require_once __DIR__ . '/includes/class-event-resolver.php';
// WordPress integration.
require_once __DIR__ . '/includes/class-settings.php';
require_once __DIR__ . '/includes/class-payload.php';
require_once __DIR__ . '/includes/class-outbox.php';
require_once __DIR__ . '/includes/class-dispatcher.php';
require_once __DIR__ . '/includes/class-admin.php';
require_once __DIR__ . '/includes/class-plugin.php';

register_activation_hook( __FILE__, array( \Hookwarden\Bridge\Plugin::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \Hookwarden\Bridge\Plugin::class, 'deactivate' ) );

\Hookwarden\Bridge\Plugin::init();
