package io.closedloop.intake.channel.email.parse;

import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The charset a mail's label means. Chinese mail clients label mail GB2312 (or GBK) but write whatever their
 * system code page holds: characters outside GB2312 such as 镕 or 堃 are common in names. GB18030 is a superset of
 * both, so every GB label is decoded as GB18030 and those characters survive.
 */
final class MailCharsets {

    static final Charset GB18030 = Charset.forName("GB18030");

    private MailCharsets() {
    }

    /** The Java charset for a MIME charset label; UTF-8 for a missing label, null for an unknown one. */
    static Charset forLabel(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String name = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        switch (name) {
            case "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "csgb2312",
                 "gb_2312-80", "chinese", "gb18030" -> {
                return GB18030;
            }
            case "us-ascii", "ascii", "ansi_x3.4-1968" -> {
                // mislabelled 8-bit text is far more often UTF-8 than anything else; ASCII is a subset of UTF-8
                return StandardCharsets.UTF_8;
            }
            default -> {
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
    }

    /** Decodes strictly: bytes that are not valid in the charset fail instead of turning into U+FFFD. */
    static String decodeStrict(byte[] bytes, Charset charset) throws CharacterCodingException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Text whose charset label is missing or wrong: UTF-8 if the bytes are valid UTF-8, else GB18030 (the
     * commonest other charset of the mail we receive), else ISO-8859-1, which decodes any bytes.
     */
    static String decodeGuessing(byte[] bytes) {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, GB18030}) {
            try {
                return decodeStrict(bytes, charset);
            } catch (CharacterCodingException e) {
                // try the next one
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
