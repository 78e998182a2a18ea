package org.esingest.localnode.mustache;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.DefaultCode;

import org.elasticsearch.common.Strings;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mustache.java factory with the template helpers documented for Elasticsearch search templates:
 * {@code {{#toJson}}name{{/toJson}}} (maps/lists as JSON), {@code {{#join}}name{{/join}}},
 * {@code {{#join delimiter='|'}}name{{/join delimiter='|'}}} and {@code {{#url}}...{{/url}}};
 * plain {@code {{var}}} output is escaped according to the content type (JSON by default).
 * One factory per compilation, so nothing is cached across templates.
 */
final class LocalMustacheFactory extends DefaultMustacheFactory {
    private static final Pattern JOIN = Pattern.compile("join(?:\\s+delimiter\\s*=\\s*'([^']*)')?");

    private final Encoding encoding;
    private final ParamsObjectHandler handler = new ParamsObjectHandler();

    LocalMustacheFactory(Encoding encoding) {
        this.encoding = encoding;
        setObjectHandler(handler);
    }

    @Override
    public void encode(String value, Writer writer) {
        try {
            encoding.encode(value, writer);
        } catch (IOException e) {
            throw new MustacheException("failed to encode value", e);
        }
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
        return new DefaultMustacheVisitor(this) {
            @Override
            public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                Matcher join = JOIN.matcher(variable.trim());
                if ("toJson".equals(variable.trim())) {
                    list.add(new ToJsonCode(tc, df, mustache, variable));
                } else if (join.matches()) {
                    String delimiter = join.group(1) == null ? "," : join.group(1);
                    list.add(new JoinCode(tc, df, mustache, variable, delimiter));
                } else if ("url".equals(variable.trim())) {
                    list.add(new UrlCode(tc, df, mustache, variable));
                } else {
                    super.iterable(tc, variable, mustache);
                }
            }
        };
    }

    /** Base for helpers whose section body is the name of a param, e.g. {@code {{#toJson}}tags{{/toJson}}}. */
    private abstract class HelperCode extends DefaultCode {
        HelperCode(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
            super(tc, df, mustache, variable, "#");
        }

        String body() {
            StringWriter sw = new StringWriter();
            for (Code c : mustache.getCodes()) {
                c.identity(sw);
            }
            return sw.toString().trim();
        }

        abstract void render(Writer writer, List<Object> scopes) throws IOException;

        @Override
        public Writer execute(Writer writer, List<Object> scopes) {
            try {
                render(writer, scopes);
            } catch (IOException e) {
                throw new MustacheException("failed to render [" + name + "]", e);
            }
            return appendText(writer);
        }
    }

    private final class ToJsonCode extends HelperCode {
        ToJsonCode(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
            super(tc, df, mustache, variable);
        }

        @Override
        void render(Writer writer, List<Object> scopes) throws IOException {
            // maps and lists become JSON; scalars are written as their plain string (not quoted),
            // which is the documented lang-mustache behaviour
            Object value = handler.coerce(handler.resolve(body(), scopes));
            if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
                writer.write(toJson(value));
            } else if (value != null) {
                writer.write(handler.stringify(value));
            }
        }
    }

    private final class JoinCode extends HelperCode {
        private final String delimiter;

        JoinCode(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable, String delimiter) {
            super(tc, df, mustache, variable);
            this.delimiter = delimiter;
        }

        @Override
        void render(Writer writer, List<Object> scopes) throws IOException {
            Object value = handler.coerce(handler.resolve(body(), scopes));
            if (value == null) {
                return;
            }
            Iterable<?> items = value instanceof Iterable<?> it ? it : List.of(value);
            StringBuilder sb = new StringBuilder();
            for (Object item : items) {
                if (sb.length() > 0) {
                    sb.append(delimiter);
                }
                sb.append(handler.stringify(item));
            }
            encode(sb.toString(), writer);
        }
    }

    private final class UrlCode extends HelperCode {
        UrlCode(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
            super(tc, df, mustache, variable);
        }

        @Override
        void render(Writer writer, List<Object> scopes) throws IOException {
            StringWriter inner = new StringWriter();
            mustache.execute(inner, scopes);
            writer.write(URLEncoder.encode(inner.toString(), StandardCharsets.UTF_8));
        }
    }

    static String toJson(Object value) {
        try {
            XContentBuilder builder = XContentFactory.jsonBuilder();
            builder.value(value);
            return Strings.toString(builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
