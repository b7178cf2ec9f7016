package io.hookwarden.runtime.testing;

import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

public final class Attributes {
    private Attributes() {
    }

    public static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
