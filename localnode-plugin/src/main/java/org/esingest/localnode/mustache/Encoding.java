package org.esingest.localnode.mustache;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How {@code {{var}}} output is escaped, chosen by the script's {@code content_type} option. */
enum Encoding {
    /** Default: the value is escaped as the inside of a JSON string. */
    JSON {
        @Override
        void encode(String s, Writer w) throws IOException {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> w.write("\\\"");
                    case '\\' -> w.write("\\\\");
                    case '\n' -> w.write("\\n");
                    case '\r' -> w.write("\\r");
                    case '\t' -> w.write("\\t");
                    case '\b' -> w.write("\\b");
                    case '\f' -> w.write("\\f");
                    default -> {
                        if (c < 0x20) {
                            w.write(String.format("\\u%04x", (int) c));
                        } else {
                            w.write(c);
                        }
                    }
                }
            }
        }
    },
    PLAIN {
        @Override
        void encode(String s, Writer w) throws IOException {
            w.write(s);
        }
    },
    URL {
        @Override
        void encode(String s, Writer w) throws IOException {
            w.write(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
    };

    abstract void encode(String s, Writer w) throws IOException;

    static Encoding forContentType(String contentType) {
        if (contentType == null) {
            return JSON;
        }
        String ct = contentType.toLowerCase(java.util.Locale.ROOT);
        if (ct.startsWith("text/plain")) {
            return PLAIN;
        }
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return URL;
        }
        return JSON;
    }
}
