package io.closedloop.intake.channel.email.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes header text with RFC 2047 encoded words ({@code =?GB2312?B?...?=}, {@code =?utf-8?Q?...?=}) through
 * {@link MailCharsets}, so a GB2312 label decodes as GB18030; Jakarta Mail's own decoder would use Java's GB2312
 * and lose the characters outside it. Also repairs raw 8-bit headers (no encoded words at all, as some clients
 * send), which arrive as one char per byte.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    // whitespace between two adjacent encoded words is not part of the text (RFC 2047, section 6.2)
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    private EncodedWords() {
    }

    static String decode(String header) {
        if (header == null) {
            return null;
        }
        String text = header.replaceAll("\\r?\\n[ \\t]", " ");
        if (!text.contains("=?")) {
            return repairRawBytes(text);
        }
        text = BETWEEN_WORDS.matcher(text).replaceAll("$1$2");
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        // adjacent words in one charset are decoded together: a multi-byte character may be split across two
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        while (m.find()) {
            String charsetLabel = m.group(1);
            int star = charsetLabel.indexOf('*'); // RFC 2231 language suffix: =?utf-8*zh?B?...?=
            Charset charset = MailCharsets.forLabel(star < 0 ? charsetLabel : charsetLabel.substring(0, star));
            if (m.start() > last || (pendingCharset != null && !pendingCharset.equals(charset))) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(text, last, m.start());
            }
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? base64(m.group(3)) : quoted(m.group(3));
            if (charset == null || bytes == null) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(m.group()); // unknown charset or broken encoding: keep the word as sent
            } else {
                pending.writeBytes(bytes);
                pendingCharset = charset;
            }
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(text.substring(last));
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (pending.size() > 0 && charset != null) {
            byte[] bytes = pending.toByteArray();
            try {
                out.append(MailCharsets.decodeStrict(bytes, charset));
            } catch (CharacterCodingException e) {
                out.append(MailCharsets.decodeGuessing(bytes));
            }
        }
        pending.reset();
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] quoted(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A header sent as raw 8-bit bytes reaches us one char per byte (ISO-8859-1): decode those bytes properly. */
    private static String repairRawBytes(String text) {
        boolean high = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return text; // already decoded (e.g. UTF-8 headers read as such)
            }
            high |= c >= 0x80;
        }
        return high ? MailCharsets.decodeGuessing(text.getBytes(StandardCharsets.ISO_8859_1)) : text;
    }
}
