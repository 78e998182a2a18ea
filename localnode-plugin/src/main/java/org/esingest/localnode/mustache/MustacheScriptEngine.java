package org.esingest.localnode.mustache;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import org.elasticsearch.script.GeneralScriptException;
import org.elasticsearch.script.Script;
import org.elasticsearch.script.ScriptContext;
import org.elasticsearch.script.ScriptEngine;
import org.elasticsearch.script.ScriptException;
import org.elasticsearch.script.TemplateScript;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Script engine {@code mustache} for the template contexts (search templates, ingest templates). */
public final class MustacheScriptEngine implements ScriptEngine {
    public static final String NAME = "mustache";

    @Override
    public String getType() {
        return NAME;
    }

    @Override
    public Set<ScriptContext<?>> getSupportedContexts() {
        return Set.of(TemplateScript.CONTEXT, TemplateScript.INGEST_CONTEXT);
    }

    @Override
    public <T> T compile(String templateName, String templateSource, ScriptContext<T> context, Map<String, String> options) {
        if (context.instanceClazz.equals(TemplateScript.class) == false) {
            throw new IllegalArgumentException("mustache engine does not know how to handle context [" + context.name + "]");
        }
        Encoding encoding = Encoding.forContentType(options == null ? null : options.get(Script.CONTENT_TYPE_OPTION));
        final Mustache mustache;
        try {
            mustache = new LocalMustacheFactory(encoding).compile(new StringReader(templateSource),
                templateName == null ? "query-template" : templateName);
        } catch (MustacheException e) {
            throw new ScriptException(e.getMessage(), e, List.of(), templateSource, NAME);
        }
        TemplateScript.Factory factory = params -> new TemplateScript(params) {
            @Override
            public String execute() {
                StringWriter writer = new StringWriter();
                try {
                    mustache.execute(writer, params == null ? Map.of() : params);
                } catch (Exception e) {
                    throw new GeneralScriptException("Error running " + mustache.getName(), e);
                }
                return writer.toString();
            }
        };
        return context.factoryClazz.cast(factory);
    }
}
