-- The queries an analyst starts with, on the tables `huibao ship --postgres` keeps
-- (psql -f postgres-queries.sql, or one at a time). Each is one statement; the issuer is the
-- key huibao compares years by (issuer_key), the organization its latest name.
-- A full year is `period IS NULL OR period = 'year'`, not coalesce(period, 'year'): PostgreSQL
-- estimates the first from its statistics and guesses at the second (0.5 %), which plans
-- for thousands of rows where there are millions.

-- 1. The latest full-year figure of each issuer for each indicator and measure.
SELECT DISTINCT ON (issuer_key, indicator, measure)
       issuer_key, organization, indicator, measure, report_year, text, value, unit
  FROM latest_figures
 WHERE indicator IS NOT NULL AND part = 'achievements' AND (period IS NULL OR period = 'year')
 ORDER BY issuer_key, indicator, measure, report_year DESC, seq DESC, idx;

-- 2. The targets missed, worst first within each year.
SELECT organization, year, indicator, measure, target_text, actual_text, gap, target_context, actual_context
  FROM targets_quoted WHERE outcome = 'missed'
 ORDER BY year DESC, gap;

-- 3. The alerts that fired in the last seven days.
SELECT time, severity, rule, organization, report_year, subject, value, unit, context
  FROM alerts WHERE event = 'firing' AND time > now() - interval '7 days'
 ORDER BY time DESC;

-- 4. One indicator over the years, issuer by issuer (here 固定资产投资, its level).
SELECT issuer_key, report_year, min(text) AS text, min(value) AS value
  FROM latest_figures
 WHERE indicator = '固定资产投资' AND measure = 'level' AND part = 'achievements' AND (period IS NULL OR period = 'year')
 GROUP BY issuer_key, report_year
 ORDER BY issuer_key, report_year;

-- 5. Bad news by domain and year: figures whose change went the wrong way.
SELECT domain, report_year, count(*) AS worse
  FROM latest_figures WHERE direction = 'worse'
 GROUP BY domain, report_year
 ORDER BY report_year DESC, worse DESC;
