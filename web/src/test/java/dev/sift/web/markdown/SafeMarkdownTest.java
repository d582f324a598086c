package dev.sift.web.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.web.markdown.SafeMarkdown.Block;
import dev.sift.web.markdown.SafeMarkdown.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeMarkdownTest {
    @Test
    void theSubsetBecomesATreeOfPlainStrings() {
        List<Block> blocks = SafeMarkdown.parse("Failover **not** needed, *yet*.\nSee `pg_stat_replication`"
                + " and [the graph](https://grafana.example.org/d/pg).\n\n- one\n- two\n\n```\nselect 1;\n```");
        assertThat(blocks).extracting(Block::kind)
                .containsExactly(Block.Kind.PARAGRAPH, Block.Kind.LIST, Block.Kind.CODE);
        assertThat(blocks.get(0).spans()).extracting(Span::kind).containsExactly(Span.Kind.TEXT, Span.Kind.STRONG,
                Span.Kind.TEXT, Span.Kind.EMPHASIS, Span.Kind.TEXT, Span.Kind.BREAK, Span.Kind.TEXT, Span.Kind.CODE,
                Span.Kind.TEXT, Span.Kind.LINK, Span.Kind.TEXT);
        assertThat(blocks.get(0).spans().get(9)).isEqualTo(new Span(Span.Kind.LINK, "the graph",
                "https://grafana.example.org/d/pg"));
        assertThat(blocks.get(1).items()).hasSize(2);
        assertThat(blocks.get(2).code()).isEqualTo("select 1;");
    }

    @Test
    void htmlStaysTextAndOnlyHttpHttpsAndMailtoBecomeLinks() {
        List<Span> spans = SafeMarkdown.inline("<script>alert(1)</script> [x](javascript:alert(1))"
                + " [y](data:text/html,hi) [mail](mailto:oncall@example.org) https://example.org/a.");
        assertThat(spans).filteredOn(s -> s.kind() == Span.Kind.LINK).extracting(Span::href)
                .containsExactly("mailto:oncall@example.org", "https://example.org/a");
        assertThat(spans.stream().map(Span::text).reduce("", String::concat))
                .contains("<script>alert(1)</script>").contains("[x](javascript:alert(1))");
    }
}
