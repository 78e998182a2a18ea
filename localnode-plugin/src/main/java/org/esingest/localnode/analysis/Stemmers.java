package org.esingest.localnode.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishMinimalStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code language} values of the {@code stemmer} token filter, as documented for Elasticsearch,
 * mapped onto Lucene's stemmers. Documented recommended choices: english, light_french,
 * light_german, light_spanish, light_italian.
 */
final class Stemmers {
    private Stemmers() {}

    private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = new HashMap<>();

    static {
        // English
        STEMMERS.put("english", PorterStemFilter::new);
        STEMMERS.put("porter", PorterStemFilter::new);
        STEMMERS.put("light_english", KStemFilter::new);
        STEMMERS.put("kstem", KStemFilter::new);
        STEMMERS.put("minimal_english", EnglishMinimalStemFilter::new);
        STEMMERS.put("possessive_english", EnglishPossessiveFilter::new);
        STEMMERS.put("porter2", ts -> new SnowballFilter(ts, new EnglishStemmer()));
        // French
        STEMMERS.put("french", ts -> new SnowballFilter(ts, new FrenchStemmer()));
        STEMMERS.put("light_french", FrenchLightStemFilter::new);
        STEMMERS.put("minimal_french", FrenchMinimalStemFilter::new);
        // German (german2 was merged into the Snowball German stemmer)
        STEMMERS.put("german", ts -> new SnowballFilter(ts, new GermanStemmer()));
        STEMMERS.put("german2", ts -> new SnowballFilter(ts, new GermanStemmer()));
        STEMMERS.put("light_german", GermanLightStemFilter::new);
        STEMMERS.put("minimal_german", GermanMinimalStemFilter::new);
        // Spanish
        STEMMERS.put("spanish", ts -> new SnowballFilter(ts, new SpanishStemmer()));
        STEMMERS.put("light_spanish", SpanishLightStemFilter::new);
        STEMMERS.put("minimal_spanish", SpanishMinimalStemFilter::new);
        STEMMERS.put("spanish_plural", SpanishPluralStemFilter::new);
        // Italian
        STEMMERS.put("italian", ts -> new SnowballFilter(ts, new ItalianStemmer()));
        STEMMERS.put("light_italian", ItalianLightStemFilter::new);
        // A couple of neighbours, Snowball-based
        STEMMERS.put("dutch", ts -> new SnowballFilter(ts, new DutchStemmer()));
        STEMMERS.put("portuguese", ts -> new SnowballFilter(ts, new PortugueseStemmer()));
    }

    static UnaryOperator<TokenStream> forLanguage(String language) {
        UnaryOperator<TokenStream> s = STEMMERS.get(language.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("stemmer language [" + language + "] is not supported by the local dev-node plugin; supported: "
                + new java.util.TreeSet<>(STEMMERS.keySet()));
        }
        return s;
    }
}
