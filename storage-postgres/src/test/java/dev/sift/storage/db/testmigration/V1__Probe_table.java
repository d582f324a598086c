package dev.sift.storage.db.testmigration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The tests' own migration, so that they do not depend on the real schema. A Java migration rather than a .sql
 * resource: it lives next to the tests, found by Flyway at {@code classpath:dev/sift/storage/db/testmigration}.
 */
public class V1__Probe_table extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("create table probe (id bigint generated always as identity primary key, note text not null)");
        }
    }
}
