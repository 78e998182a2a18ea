package org.esingest.localnode.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Token filters, tokenizers and language analysers that the official image gets from the
 * analysis-common module, re-implemented on Lucene's own analysis classes.
 */
public final class AnalysisComponents {
    private AnalysisComponents() {}

    public static Map<String, AnalysisProvider<TokenFilterFactory>> tokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new LinkedHashMap<>();
        m.put("asciifolding", AsciiFolding::new);
        m.put("elision", Elision::new);
        m.put("stemmer", Stemmer::new);
        m.put("snowball", SnowballStem::new);
        m.put("keyword_marker", AnalysisPlugin.requiresAnalysisSettings(KeywordMarker::new));
        // needed by the .security system index's "email" analyser (native users, roles, API keys)
        m.put("pattern_capture", AnalysisPlugin.requiresAnalysisSettings(PatternCapture::new));
        m.put("unique", Unique::new);
        return m;
    }

    public static Map<String, AnalysisProvider<TokenizerFactory>> tokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new LinkedHashMap<>();
        m.put("keyword", (is, env, name, s) -> {
            int bufferSize = s.getAsInt("buffer_size", KeywordTokenizer.DEFAULT_BUFFER_SIZE);
            return new SimpleTokenizerFactory(name, () -> new KeywordTokenizer(bufferSize));
        });
        m.put("whitespace", (is, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return new SimpleTokenizerFactory(name, () -> new WhitespaceTokenizer(WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, maxLen));
        });
        m.put("uax_url_email", (is, env, name, s) -> {
            int maxLen = s.getAsInt("max_token_length", 255);
            return new SimpleTokenizerFactory(name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(maxLen);
                return t;
            });
        });
        return m;
    }

    public static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new LinkedHashMap<>();
        m.put("french", lang(FrenchAnalyzer.getDefaultStopSet(), FrenchAnalyzer::new));
        m.put("english", lang(EnglishAnalyzer.getDefaultStopSet(), EnglishAnalyzer::new));
        m.put("german", lang(GermanAnalyzer.getDefaultStopSet(), GermanAnalyzer::new));
        m.put("spanish", lang(SpanishAnalyzer.getDefaultStopSet(), SpanishAnalyzer::new));
        m.put("italian", lang(ItalianAnalyzer.getDefaultStopSet(), ItalianAnalyzer::new));
        return m;
    }

    /** Language analyser: {@code stopwords} / {@code stopwords_path} and {@code stem_exclusion} options. */
    private static AnalysisProvider<AnalyzerProvider<? extends Analyzer>> lang(
        CharArraySet defaultStop,
        BiFunction<CharArraySet, CharArraySet, Analyzer> ctor
    ) {
        return (indexSettings, env, name, settings) -> {
            CharArraySet stop = Analysis.parseStopWords(env, settings, defaultStop);
            CharArraySet exclusion = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
            Analyzer analyzer = ctor.apply(stop, exclusion);
            return new AbstractIndexAnalyzerProvider<Analyzer>(name) {
                @Override
                public Analyzer get() {
                    return analyzer;
                }
            };
        };
    }

    static final class SimpleTokenizerFactory extends AbstractTokenizerFactory {
        private final java.util.function.Supplier<Tokenizer> supplier;

        SimpleTokenizerFactory(String name, java.util.function.Supplier<Tokenizer> supplier) {
            super(name);
            this.supplier = supplier;
        }

        @Override
        public Tokenizer create() {
            return supplier.get();
        }
    }

    /** {@code asciifolding}: folds to ASCII, optionally keeping the original token too. */
    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            this.preserveOriginal = s.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            // a normaliser must yield exactly one token: the folded form
            return new ASCIIFoldingFilter(in, false);
        }
    }

    /** {@code elision}: strips leading articles such as l', d' (defaults: French articles). */
    static final class Elision extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final CharArraySet articles;

        Elision(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            CharArraySet parsed = Analysis.parseArticles(env, s);
            this.articles = parsed == null ? FrenchAnalyzer.DEFAULT_ARTICLES : parsed;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ElisionFilter(in, articles);
        }
    }

    /** {@code keyword_marker}: {@code keywords}/{@code keywords_path}, {@code keywords_pattern}, {@code ignore_case}. */
    static final class KeywordMarker extends AbstractTokenFilterFactory {
        private final CharArraySet keywords;
        private final Pattern pattern;

        KeywordMarker(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            boolean ignoreCase = s.getAsBoolean("ignore_case", false);
            String patternString = s.get("keywords_pattern");
            CharArraySet words = Analysis.getWordSet(env, s, "keywords");
            if (patternString != null && words != null) {
                throw new IllegalArgumentException("cannot specify both `keywords_pattern` and `keywords` or `keywords_path`");
            }
            if (patternString == null && words == null) {
                throw new IllegalArgumentException("keyword filter requires either `keywords`, `keywords_path`, or `keywords_pattern` to be configured");
            }
            this.pattern = patternString == null ? null : Pattern.compile(patternString);
            this.keywords = words == null ? null : new CharArraySet(words, ignoreCase);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return pattern != null ? new PatternKeywordMarkerFilter(in, pattern) : new SetKeywordMarkerFilter(in, keywords);
        }
    }

    /** {@code pattern_capture}: emits every capture group of {@code patterns}; {@code preserve_original} (default true). */
    static final class PatternCapture extends AbstractTokenFilterFactory {
        private final Pattern[] patterns;
        private final boolean preserveOriginal;

        PatternCapture(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            java.util.List<String> regexes = s.getAsList("patterns");
            if (regexes.isEmpty()) {
                throw new IllegalArgumentException("required setting 'patterns' is missing for token filter [" + name + "]");
            }
            this.patterns = regexes.stream().map(Pattern::compile).toArray(Pattern[]::new);
            this.preserveOriginal = s.getAsBoolean("preserve_original", true);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new PatternCaptureGroupTokenFilter(in, preserveOriginal, patterns);
        }
    }

    /** {@code unique}: drops repeated terms; {@code only_on_same_position} limits that to stacked tokens. */
    static final class Unique extends AbstractTokenFilterFactory {
        private final boolean onlyOnSamePosition;

        Unique(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            this.onlyOnSamePosition = s.getAsBoolean("only_on_same_position", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return onlyOnSamePosition ? new RemoveDuplicatesTokenFilter(in) : new UniqueTokenFilter(in);
        }
    }

    /** {@code snowball}: {@code language} is a Snowball stemmer name (English, French, German2 ...). */
    static final class SnowballStem extends AbstractTokenFilterFactory {
        private final String language;

        SnowballStem(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            String lang = s.get("language", "English");
            this.language = "German2".equals(lang) ? "German" : lang; // merged into German in Snowball 2
            new SnowballFilter(new KeywordTokenizer(), language); // fails early on an unknown language
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new SnowballFilter(in, language);
        }
    }

    /** {@code stemmer}: {@code language} (or {@code name}) chooses one of Lucene's stemmers. */
    static final class Stemmer extends AbstractTokenFilterFactory {
        private final java.util.function.UnaryOperator<TokenStream> stemmer;

        Stemmer(IndexSettings is, Environment env, String name, Settings s) {
            super(name);
            String language = s.get("language", s.get("name", "english"));
            this.stemmer = Stemmers.forLanguage(language);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return stemmer.apply(in);
        }
    }
}
