package org.esingest.localnode;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.ingest.Processor;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.IngestPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.ScriptPlugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.script.ScriptContext;
import org.elasticsearch.script.ScriptEngine;
import org.elasticsearch.script.ScriptService;
import org.esingest.localnode.analysis.AnalysisComponents;
import org.esingest.localnode.ingest.SetProcessor;
import org.esingest.localnode.mustache.MustacheScriptEngine;
import org.esingest.localnode.mustache.RestRenderTemplateAction;
import org.esingest.localnode.mustache.RestSearchTemplateAction;
import org.esingest.localnode.mustache.TemplateRendering;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Dev/CI-only stand-in, on the bare integ-test-zip node, for what the official image gets from the
 * analysis-common, ingest-common (set) and lang-mustache modules. See README.md.
 */
public class LocalNodePlugin extends Plugin implements AnalysisPlugin, IngestPlugin, ScriptPlugin, ActionPlugin {
    private volatile ScriptService scriptService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.scriptService = services.scriptService();
        return List.of();
    }

    // (1) analysis

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return AnalysisComponents.tokenFilters();
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return AnalysisComponents.tokenizers();
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return AnalysisComponents.analyzers();
    }

    // (2) ingest

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(SetProcessor.TYPE, new SetProcessor.Factory(parameters.scriptService));
    }

    // (3) mustache

    @Override
    public ScriptEngine getScriptEngine(Settings settings, Collection<ScriptContext<?>> contexts) {
        return new MustacheScriptEngine();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
                                                   RestController restController, ClusterSettings clusterSettings,
                                                   IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                                   IndexNameExpressionResolver indexNameExpressionResolver,
                                                   Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        TemplateRendering rendering = new TemplateRendering(() -> scriptService);
        return List.of(new RestSearchTemplateAction(rendering, clusterSupportsFeature), new RestRenderTemplateAction(rendering));
    }
}
