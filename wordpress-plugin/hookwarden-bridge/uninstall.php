<?php
/**
 * Uninstall: drop the outbox table, delete options and scheduled events (every site of a network).
 *
 * @package HookwardenBridge
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Remove the plugin's data from the current site.
 */
function hookwarden_bridge_uninstall_site() {
	global $wpdb;
	$wpdb->query( 'DROP TABLE IF EXISTS ' . $wpdb->prefix . 'hookwarden_outbox' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	delete_option( 'hookwarden_bridge_settings' );
	delete_option( 'hookwarden_bridge_db_version' );
	delete_option( 'hookwarden_bridge_state' );
	wp_clear_scheduled_hook( 'hookwarden_bridge_flush' );
	wp_clear_scheduled_hook( 'hookwarden_bridge_flush_recurring' );
	// Test results are per-user transients: hookwarden_bridge_test_{user id}.
	$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_hookwarden\\_bridge\\_%' OR option_name LIKE '\\_transient\\_timeout\\_hookwarden\\_bridge\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $hookwarden_bridge_site_id ) {
		switch_to_blog( (int) $hookwarden_bridge_site_id );
		hookwarden_bridge_uninstall_site();
		restore_current_blog();
	}
} else {
	hookwarden_bridge_uninstall_site();
}
