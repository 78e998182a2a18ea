package org.esingest.localsecurity;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Dev/CI only. The integ-test-zip node lacks the analysis-common module, but the
 * .security system index maps its "email" analyser with the uax_url_email tokenizer and
 * the pattern_capture and unique token filters: without them no API key can be created.
 * These three are re-implemented here on Lucene's classes (as analysis-common does).
 */
public class SecurityIndexAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "pattern_capture",
            AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
                List<String> regexes = s.getAsList("patterns");
                if (regexes.isEmpty()) {
                    throw new IllegalArgumentException("required setting 'patterns' is missing for token filter [" + name + "]");
                }
                Pattern[] patterns = regexes.stream().map(Pattern::compile).toArray(Pattern[]::new);
                boolean preserveOriginal = s.getAsBoolean("preserve_original", true);
                return new AbstractTokenFilterFactory(name) {
                    @Override
                    public TokenStream create(TokenStream in) {
                        return new PatternCaptureGroupTokenFilter(in, preserveOriginal, patterns);
                    }
                };
            }),
            "unique",
            (is, env, name, s) -> {
                boolean onlySamePosition = s.getAsBoolean("only_on_same_position", false);
                return new AbstractTokenFilterFactory(name) {
                    @Override
                    public TokenStream create(TokenStream in) {
                        return new UniqueFilter(in, onlySamePosition);
                    }
                };
            }
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (is, env, name, s) -> {
            int maxTokenLength = s.getAsInt("max_token_length", 255);
            return new AbstractTokenizerFactory(name) {
                @Override
                public Tokenizer create() {
                    UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                    t.setMaxTokenLength(maxTokenLength);
                    return t;
                }
            };
        });
    }

    /** Drops a token already seen in the stream (or at the same position only). */
    static final class UniqueFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);
        private final boolean onlySamePosition;

        UniqueFilter(TokenStream in, boolean onlySamePosition) {
            super(in);
            this.onlySamePosition = onlySamePosition;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                if (onlySamePosition && posInc.getPositionIncrement() > 0) {
                    seen.clear();
                }
                char[] buf = term.buffer();
                int len = term.length();
                if (seen.contains(buf, 0, len)) {
                    continue;
                }
                char[] copy = new char[len];
                System.arraycopy(buf, 0, copy, 0, len);
                seen.add(copy);
                return true;
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }
}
