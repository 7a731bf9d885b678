package db.migration;

import java.sql.Connection;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's job repository tables with the schema script Spring Batch ships for the
 * database in use, so that one Flyway history covers both the catalog and the job repository.
 */
public class V2__BatchSchema extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String vendor = product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : null;
        if (vendor == null) {
            throw new IllegalStateException("the catalog supports H2 and PostgreSQL, not " + product);
        }
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                new ClassPathResource("org/springframework/batch/core/schema-" + vendor + ".sql"));
        populator.populate(connection);
    }
}
