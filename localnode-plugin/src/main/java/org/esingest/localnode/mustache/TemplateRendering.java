package org.esingest.localnode.mustache;

import org.elasticsearch.common.Strings;
import org.elasticsearch.script.Script;
import org.elasticsearch.script.ScriptService;
import org.elasticsearch.script.ScriptType;
import org.elasticsearch.script.TemplateScript;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Parses a search-template request body ({@code id} or {@code source}, {@code params}, ...) and renders it. */
public final class TemplateRendering {
    private final Supplier<ScriptService> scriptService;

    public TemplateRendering(Supplier<ScriptService> scriptService) {
        this.scriptService = scriptService;
    }

    record TemplateRequest(Script script, Boolean explain, Boolean profile) {}

    @SuppressWarnings("unchecked")
    static TemplateRequest parse(XContentParser parser, String pathId) throws IOException {
        Map<String, Object> body = parser == null ? Map.of() : parser.mapOrdered();
        Object id = pathId != null ? pathId : body.get("id");
        Object source = body.containsKey("source") ? body.get("source") : body.get("inline");
        Object params = body.get("params");
        Map<String, Object> p = params == null ? Map.of() : (Map<String, Object>) params;
        for (String key : body.keySet()) {
            if (Set.of("id", "source", "inline", "params", "explain", "profile").contains(key) == false) {
                throw new IllegalArgumentException("unknown field [" + key + "] in search template request");
            }
        }
        final Script script;
        if (id != null && source == null) {
            script = new Script(ScriptType.STORED, null, id.toString(), null, p);
        } else if (source != null && id == null) {
            String code = source instanceof Map<?, ?> m
                ? Strings.toString(XContentFactory.jsonBuilder().map((Map<String, ?>) m))
                : source.toString();
            script = new Script(ScriptType.INLINE, MustacheScriptEngine.NAME, code,
                Map.of(Script.CONTENT_TYPE_OPTION, "application/json"), p);
        } else {
            throw new IllegalArgumentException("a search template needs exactly one of [id] or [source]");
        }
        return new TemplateRequest(script, (Boolean) body.get("explain"), (Boolean) body.get("profile"));
    }

    String render(Script script) {
        ScriptService service = scriptService.get();
        if (service == null) {
            throw new IllegalStateException("script service not ready");
        }
        TemplateScript.Factory factory = service.compile(script, TemplateScript.CONTEXT);
        return factory.newInstance(script.getParams()).execute();
    }

    static IllegalArgumentException invalidJson(IOException e) {
        return new IllegalArgumentException("rendered template is not valid JSON: " + e.getMessage(), e);
    }
}
