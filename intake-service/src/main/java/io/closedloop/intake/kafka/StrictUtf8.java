package io.closedloop.intake.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that record values are UTF-8 and refuses malformed bytes instead of silently replacing them. The bytes, not
 * a decoded string, then go to Jackson: the HTTP API parses bytes too, and Jackson's byte and string parsers do not
 * agree on every input (the byte parser refuses an escaped lone surrogate in a field name, the string parser takes
 * it), so a record must be parsed as the same body would be over HTTP to be judged the same.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** {@code value} itself, once it is known to be well-formed UTF-8. */
    static byte[] checked(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return value;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the value is not valid UTF-8 (malformed bytes); publish UTF-8 JSON", e);
        }
    }
}
