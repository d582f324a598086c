package dev.sift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchStatementTest {

    @Test
    void oneWriteStaysAsItIsWithItsParametersRenamed() {
        var batch = new BatchStatement();
        batch.createUpdate("update alerts set count = v.c from unnest(:ids, :counts) as v(id, c)")
                .bind("ids", new long[] {1}).bind("counts", new long[] {2}).execute();

        assertThat(batch.sql()).isEqualTo("update alerts set count = v.c from unnest(:w0_ids, :w0_counts) as v(id, c)");
        assertThat(batch.bindings()).containsOnlyKeys("w0_ids", "w0_counts");
    }

    @Test
    void severalWritesBecomeOneStatementAndCastsAreNotTakenForParameters() {
        var batch = new BatchStatement();
        batch.createUpdate("insert into a select v.x::jsonb from unnest(:ids) as v(x)").bind("ids", 1).execute();
        batch.createUpdate("insert into b select 'null'::jsonb, :ids").bind("ids", 2).execute();
        batch.createUpdate("insert into c select :ids").bind("ids", 3).execute();

        assertThat(batch.sql()).isEqualTo("with w0 as (insert into a select v.x::jsonb from unnest(:w0_ids) as v(x)),"
                + " w1 as (insert into b select 'null'::jsonb, :w1_ids) insert into c select :w2_ids");
        assertThat(batch.bindings()).containsEntry("w0_ids", 1).containsEntry("w1_ids", 2).containsEntry("w2_ids", 3);
    }
}
