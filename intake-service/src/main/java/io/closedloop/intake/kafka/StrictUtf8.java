package io.closedloop.intake.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes record values as UTF-8 and refuses malformed bytes instead of silently replacing them. */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static String decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the value is not valid UTF-8 (malformed bytes); publish UTF-8 JSON", e);
        }
    }
}
