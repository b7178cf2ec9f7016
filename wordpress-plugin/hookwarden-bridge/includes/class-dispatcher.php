<?php
/**
 * Sending outbox rows (WP-Cron) and single test events.
 *
 * @package HookwardenBridge
 */

namespace Hookwarden\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Sends the stored bytes of each due row with a fresh timestamp and signature.
 */
final class Dispatcher {

	/**
	 * The retry policy, adjustable with the hookwarden_bridge_retry_policy filter.
	 */
	public static function policy(): RetryPolicy {
		$args = apply_filters(
			'hookwarden_bridge_retry_policy',
			array(
				'max_attempts'    => 12,
				'base_delay'      => 30,
				'max_delay'       => HOUR_IN_SECONDS,
				'jitter'          => 0.2,
				'max_retry_after' => 6 * HOUR_IN_SECONDS,
			)
		);
		return RetryPolicy::from_array( is_array( $args ) ? $args : array() );
	}

	/**
	 * One signed POST of $body to the configured endpoint. Blocking: only ever called from cron
	 * or from the explicit "Send test event" admin action, never while a post is saved.
	 *
	 * @param string $body Exact body bytes.
	 * @param string $key  Idempotency key.
	 * @return array{status:?int, body:string, retry_after:?string, error:?string}
	 */
	public static function post( string $body, string $key ): array {
		$endpoint = Settings::endpoint();
		$secret   = Settings::secret();
		if ( '' === $secret ) {
			return self::transport_error( __( 'No secret: define HOOKWARDEN_SECRET in wp-config.php.', 'hookwarden-bridge' ) );
		}
		if ( '' === $endpoint ) {
			return self::transport_error( __( 'No endpoint URL is configured.', 'hookwarden-bridge' ) );
		}
		if ( ! wp_http_validate_url( $endpoint ) ) {
			return self::transport_error( self::unsafe_url_message( $endpoint ) );
		}
		$response = wp_safe_remote_post(
			$endpoint,
			array(
				'headers'     => Signer::headers( $secret, Settings::source(), $key, time(), $body ),
				'body'        => $body,
				'timeout'     => Settings::timeout(),
				'redirection' => 0,
				'user-agent'  => 'HookwardenBridge/' . HOOKWARDEN_BRIDGE_VERSION . '; WordPress/' . get_bloginfo( 'version' ),
			)
		);
		if ( is_wp_error( $response ) ) {
			return self::transport_error( $response->get_error_code() . ': ' . $response->get_error_message() );
		}
		$status      = (int) wp_remote_retrieve_response_code( $response );
		$retry_after = wp_remote_retrieve_header( $response, 'retry-after' );
		return array(
			'status'      => $status,
			'body'        => substr( (string) wp_remote_retrieve_body( $response ), 0, 4000 ),
			'retry_after' => is_string( $retry_after ) && '' !== $retry_after ? $retry_after : null,
			'error'       => null,
		);
	}

	/**
	 * WP-Cron callback: deliver every due row within a time budget, prune, reschedule.
	 *
	 * @return array<string,int> Counters of this run.
	 */
	public static function flush(): array {
		$stats = array(
			'sent'      => 0,
			'delivered' => 0,
			'retry'     => 0,
			'failed'    => 0,
		);
		if ( ! Settings::is_ready() ) {
			return $stats;
		}
		$policy = self::policy();
		$start  = time();
		$budget = max( 1, (int) apply_filters( 'hookwarden_bridge_flush_time_budget', 20 ) );
		$lease  = Settings::timeout() + 30;

		for ( $round = 0; $round < 50; $round++ ) {
			$rows = Outbox::due( 25, time() );
			if ( empty( $rows ) ) {
				break;
			}
			$blocked  = array();
			$progress = false;
			foreach ( $rows as $row ) {
				if ( time() - $start >= $budget ) {
					break 2;
				}
				$post_id = (int) $row->post_id;
				if ( $post_id > 0 && isset( $blocked[ $post_id ] ) ) {
					continue; // Keep the order of one post's events.
				}
				$token   = wp_generate_password( 32, false );
				$claimed = Outbox::claim( (int) $row->id, $token, $lease );
				if ( null === $claimed ) {
					continue;
				}
				$outcome = self::deliver( $claimed, $token, $policy );
				$progress = true;
				$stats['sent']++;
				$stats[ RetryPolicy::RETRY === $outcome ? 'retry' : ( RetryPolicy::DELIVERED === $outcome ? 'delivered' : 'failed' ) ]++;
				if ( RetryPolicy::RETRY === $outcome && $post_id > 0 ) {
					$blocked[ $post_id ] = true;
				}
			}
			if ( ! $progress ) {
				break;
			}
		}

		Outbox::prune();
		Outbox::update_state( array( 'last_run_at' => time() ) );
		$next = Outbox::next_due();
		if ( null !== $next ) {
			Plugin::schedule_flush( $next );
		}
		return $stats;
	}

	/**
	 * One attempt for one leased row.
	 *
	 * @param object      $row    Leased row.
	 * @param string      $token  Lease token.
	 * @param RetryPolicy $policy Policy.
	 * @return string RetryPolicy::DELIVERED | RETRY | FAILED.
	 */
	public static function deliver( $row, string $token, RetryPolicy $policy ): string {
		$id       = (int) $row->id;
		$attempts = (int) $row->attempts + 1;
		if ( ! hash_equals( (string) $row->body_sha256, hash( 'sha256', (string) $row->body ) ) ) {
			Outbox::finish(
				$id,
				$token,
				array(
					'state'           => Outbox::FAILED,
					'last_attempt_at' => time(),
					'last_error'      => 'The stored body no longer matches its hash; it was not sent.',
				)
			);
			return RetryPolicy::FAILED;
		}

		$result   = self::post( (string) $row->body, (string) $row->idempotency_key );
		$now      = time();
		$decision = $policy->decide( $attempts, $result['status'], $result['retry_after'], $now );
		$answer   = RuntimeAnswer::parse( $result['body'] );
		$fields   = array(
			'attempts'         => $attempts,
			'last_attempt_at'  => $now,
			'last_http_status' => (int) $result['status'],
		);
		if ( RetryPolicy::DELIVERED === $decision->outcome ) {
			$fields['state']           = Outbox::DELIVERED;
			$fields['delivered_at']    = $now;
			$fields['response_status'] = (string) $answer->status;
			$fields['event_id']        = (string) $answer->event_id;
			$fields['last_error']      = null;
		} else {
			$fields['last_error'] = self::describe_error( $result, $answer );
			if ( RetryPolicy::RETRY === $decision->outcome ) {
				$fields['state']           = Outbox::PENDING;
				$fields['next_attempt_at'] = (int) $decision->next_attempt_at;
			} else {
				$fields['state'] = Outbox::FAILED;
				if ( 'exhausted' === $decision->reason ) {
					/* translators: %d: number of attempts. */
					$fields['last_error'] .= ' ' . sprintf( __( '(gave up after %d attempts)', 'hookwarden-bridge' ), $attempts );
				}
			}
		}
		Outbox::finish( $id, $token, $fields );
		do_action( 'hookwarden_bridge_attempt', $id, $decision->outcome, $result['status'], $answer );
		return $decision->outcome;
	}

	/**
	 * Human readable error of a failed attempt (never contains the secret).
	 *
	 * @param array<string,mixed> $result Result of post().
	 * @param RuntimeAnswer       $answer Parsed body.
	 */
	private static function describe_error( array $result, RuntimeAnswer $answer ): string {
		if ( null === $result['status'] ) {
			return (string) $result['error'];
		}
		$detail = null !== $answer->error
			? trim( $answer->error . ': ' . (string) $answer->message, ': ' )
			: substr( trim( wp_strip_all_tags( (string) $result['body'] ) ), 0, 300 );
		$text = 'HTTP ' . $result['status'] . ( '' !== $detail ? ' ' . $detail : '' );
		if ( null !== $result['retry_after'] ) {
			$text .= ' (Retry-After: ' . substr( (string) $result['retry_after'], 0, 40 ) . ')';
		}
		return $text;
	}

	/**
	 * Explain why WordPress refuses an endpoint URL.
	 *
	 * @param string $endpoint URL.
	 */
	public static function unsafe_url_message( string $endpoint ): string {
		return sprintf(
			/* translators: %s: endpoint URL. */
			__( 'WordPress refuses to send to %s: private and loopback hosts need the http_request_host_is_external filter, and ports other than 80, 443 and 8080 need the http_allowed_safe_ports filter (see the plugin readme).', 'hookwarden-bridge' ),
			$endpoint
		);
	}

	/**
	 * Result array for an error before or without an HTTP answer.
	 *
	 * @param string $message Message.
	 * @return array{status:?int, body:string, retry_after:?string, error:?string}
	 */
	private static function transport_error( string $message ): array {
		return array(
			'status'      => null,
			'body'        => '',
			'retry_after' => null,
			'error'       => $message,
		);
	}

	/**
	 * "Send test event": one signed test.ping, sent now, not stored in the outbox.
	 *
	 * @return array<string,mixed> status, body, error, idempotency_key, request body.
	 */
	public static function send_test_event(): array {
		$site    = Payload::site_url();
		$payload = array(
			'type'     => 'test.ping',
			'id'       => '0',
			'nonce'    => wp_generate_uuid4(),
			'sent_at'  => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'site_url' => $site,
		);
		$body    = (string) wp_json_encode( $payload );
		$key     = IdempotencyKey::for_body( $site, '0', 'test.ping', $body );
		$result  = self::post( $body, $key );
		return array_merge(
			$result,
			array(
				'idempotency_key' => $key,
				'request_body'    => $body,
			)
		);
	}
}
