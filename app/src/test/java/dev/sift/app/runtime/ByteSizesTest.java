package dev.sift.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {
    @Test
    void readsSizesAsPeopleWriteThem() {
        assertThat(ByteSizes.parse("1073741824")).isEqualTo(1L << 30);
        assertThat(ByteSizes.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSizes.parse("1G")).isEqualTo(1L << 30);
        assertThat(ByteSizes.parse("512 MiB")).isEqualTo(512L << 20);
        assertThat(ByteSizes.parse("1.5gb")).isEqualTo(3L << 29);
        assertThat(ByteSizes.parse("20KiB")).isEqualTo(20L << 10);
        assertThat(ByteSizes.parse("100B")).isEqualTo(100);
    }

    @Test
    void refusesWhatIsNotASize() {
        assertThatThrownBy(() -> ByteSizes.parse("lots")).hasMessageContaining("'lots' is not a size");
        assertThatThrownBy(() -> ByteSizes.parse("-1GiB")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSizes.parse("1PiB")).hasMessageContaining("not a size");
    }

    @Test
    void formatsForMessages() {
        assertThat(ByteSizes.format(512)).isEqualTo("512 B");
        assertThat(ByteSizes.format(812L << 20)).isEqualTo("812.0 MiB");
        assertThat(ByteSizes.format(3L << 29)).isEqualTo("1.5 GiB");
    }
}
