package org.esingest.localnode.mustache;

import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.action.RestRefCountedChunkedToXContentListener;
import org.elasticsearch.rest.action.search.RestSearchAction;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentType;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.POST;

/**
 * {@code GET|POST [/{index}]/_search/template}: renders the template, parses the result as a search
 * body and runs it as an ordinary search (URL parameters as for {@code _search}).
 */
public final class RestSearchTemplateAction extends BaseRestHandler {
    private final TemplateRendering rendering;
    private final Predicate<NodeFeature> clusterSupportsFeature;

    public RestSearchTemplateAction(TemplateRendering rendering, Predicate<NodeFeature> clusterSupportsFeature) {
        this.rendering = rendering;
        this.clusterSupportsFeature = clusterSupportsFeature;
    }

    @Override
    public String getName() {
        return "localnode_search_template_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(GET, "/_search/template"),
            new Route(POST, "/_search/template"),
            new Route(GET, "/{index}/_search/template"),
            new Route(POST, "/{index}/_search/template")
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        final TemplateRendering.TemplateRequest template;
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            template = TemplateRendering.parse(parser, null);
        }
        String rendered = rendering.render(template.script());
        SearchRequest searchRequest = new SearchRequest();
        try (XContentParser parser = XContentType.JSON.xContent().createParser(request.contentParserConfig(), rendered)) {
            RestSearchAction.parseSearchRequest(searchRequest, request, parser, clusterSupportsFeature,
                size -> searchRequest.source().size(size));
        } catch (IOException e) {
            throw TemplateRendering.invalidJson(e);
        }
        if (searchRequest.source() == null) {
            searchRequest.source(new SearchSourceBuilder());
        }
        if (template.explain() != null) {
            searchRequest.source().explain(template.explain());
        }
        if (template.profile() != null) {
            searchRequest.source().profile(template.profile());
        }
        return channel -> client.search(searchRequest, new RestRefCountedChunkedToXContentListener<>(channel));
    }

    @Override
    protected Set<String> responseParams() {
        return RestSearchAction.RESPONSE_PARAMS;
    }
}
