/**
 * Recovery-time forecasts with a range measured from their own past error: {@link
 * dev.rehearsal.drill.forecast.Forecaster} for one table, {@link dev.rehearsal.drill.forecast.PlanForecaster}
 * for a recovery plan of ordered stages, and {@link dev.rehearsal.drill.forecast.LiveEta} for a plan
 * that is running. Each range comes from a backtest (what the model would have said before each past
 * drill, against what that drill measured), or from a documented default when there are too few.
 *
 * <p>Pure arithmetic over values handed in: nothing here reads the catalog, schedules, or counts; the
 * daemon gathers the drill history and publishes what comes out. See {@code docs/FORECAST.md}.
 */
package dev.rehearsal.drill.forecast;
