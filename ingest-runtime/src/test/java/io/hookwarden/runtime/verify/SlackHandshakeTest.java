package io.hookwarden.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlackHandshakeTest {
    private final SlackVerifier slack = new SlackVerifier();

    @Test
    void urlVerificationIsAnsweredWithItsChallenge() {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        assertThat(slack.handshakeReply(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
    }

    @Test
    void ordinaryEventIsNoHandshake() {
        String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"text\":\"url_verification\"}}";
        assertThat(slack.handshakeReply(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void formBodyIsNoHandshake() {
        assertThat(slack.handshakeReply("payload=%7B%7D".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
