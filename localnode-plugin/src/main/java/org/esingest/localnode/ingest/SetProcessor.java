package org.esingest.localnode.ingest;

import org.elasticsearch.cluster.metadata.ProjectId;
import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elasticsearch.ingest.ValueSource;
import org.elasticsearch.script.ScriptService;
import org.elasticsearch.script.TemplateScript;

import java.util.Map;

/**
 * The documented {@code set} ingest processor: {@code field} (template), {@code value} (templated with
 * mustache, e.g. {@code {{{_ingest.timestamp}}}}) or {@code copy_from}, {@code override} (default true),
 * {@code ignore_empty_value} (default false), {@code media_type} (default application/json).
 * {@code if}, {@code tag}, {@code on_failure}, {@code ignore_failure} are handled by the ingest framework.
 */
public final class SetProcessor extends AbstractProcessor {
    public static final String TYPE = "set";

    private final TemplateScript.Factory field;
    private final ValueSource value;
    private final String copyFrom;
    private final boolean override;
    private final boolean ignoreEmptyValue;

    SetProcessor(String tag, String description, TemplateScript.Factory field, ValueSource value, String copyFrom,
                 boolean override, boolean ignoreEmptyValue) {
        super(tag, description);
        this.field = field;
        this.value = value;
        this.copyFrom = copyFrom;
        this.override = override;
        this.ignoreEmptyValue = ignoreEmptyValue;
    }

    @Override
    public IngestDocument execute(IngestDocument doc) {
        String path = doc.renderTemplate(field);
        if (override == false && doc.hasField(path) && doc.getFieldValue(path, Object.class) != null) {
            return doc;
        }
        if (copyFrom != null) {
            Object copied = doc.getFieldValue(copyFrom, Object.class, ignoreEmptyValue);
            if (ignoreEmptyValue && isEmpty(copied)) {
                return doc;
            }
            doc.setFieldValue(path, IngestDocument.deepCopy(copied), ignoreEmptyValue);
        } else {
            doc.setFieldValue(path, value, ignoreEmptyValue);
        }
        return doc;
    }

    private static boolean isEmpty(Object v) {
        return v == null || (v instanceof String s && s.isEmpty());
    }

    @Override
    public String getType() {
        return TYPE;
    }

    public static final class Factory implements Processor.Factory {
        private final ScriptService scriptService;

        public Factory(ScriptService scriptService) {
            this.scriptService = scriptService;
        }

        @Override
        public SetProcessor create(Map<String, Processor.Factory> registry, String tag, String description,
                                   Map<String, Object> config, ProjectId projectId) {
            String fieldName = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field");
            String copyFrom = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "copy_from");
            String mediaType = ConfigurationUtils.readMediaTypeProperty(TYPE, tag, config, "media_type", "application/json");
            ValueSource valueSource = null;
            if (copyFrom == null) {
                Object value = ConfigurationUtils.readObject(TYPE, tag, config, "value");
                valueSource = ValueSource.wrap(value, scriptService, Map.of("content_type", mediaType));
            } else if (config.containsKey("value")) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "copy_from", "cannot set both `copy_from` and `value` in the same processor");
            }
            boolean override = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "override", true);
            boolean ignoreEmpty = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_empty_value", false);
            TemplateScript.Factory field = ConfigurationUtils.compileTemplate(TYPE, tag, "field", fieldName, scriptService);
            return new SetProcessor(tag, description, field, valueSource, copyFrom, override, ignoreEmpty);
        }
    }
}
