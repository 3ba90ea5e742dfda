// What the dashboard shows, as plain values: the shell gathers them from the store (records,
// alerts, target judgements) and `Dashboard.render` turns them into pages. Pure data, no I/O.

public struct DashboardData: Sendable, Equatable {
    /// When the data was read, as the pages print it (`2026-12-07 10:05 UTC`).
    public var generated: String
    public var issuers: [IssuerView]
    public var indicators: [IndicatorView]

    public init(generated: String, issuers: [IssuerView], indicators: [IndicatorView]) {
        self.generated = generated
        self.issuers = issuers
        self.indicators = indicators
    }

    /// One stored report, as pages link to it.
    public struct ReportRef: Sendable, Equatable {
        public var sha256: String
        public var file: String
        public var title: String?
        public var year: Int?
        public var kinds: [String]
        /// The figures with an indicator, each with its clause: the report's own page lists them.
        public var figures: [FigureRef]

        public init(sha256: String, file: String, title: String?, year: Int?, kinds: [String], figures: [FigureRef]) {
            self.sha256 = sha256
            self.file = file
            self.title = title
            self.year = year
            self.kinds = kinds
            self.figures = figures
        }
    }

    public struct FigureRef: Sendable, Equatable {
        /// The figure as the report wrote it (`69.69亿元`, `增长5.7%`).
        public var text: String
        public var subject: String
        public var indicator: String?
        public var measure: String?
        public var period: String?
        public var context: String
        /// Its place in the record's figures: the anchor a number links to (`#f12`).
        public var index: Int

        public init(text: String, subject: String, indicator: String?, measure: String?, period: String?,
                    context: String, index: Int) {
            self.text = text
            self.subject = subject
            self.indicator = indicator
            self.measure = measure
            self.period = period
            self.context = context
            self.index = index
        }
    }

    /// A number on a chart or in a table: its value, how the report wrote it, and where.
    public struct Point: Sendable, Equatable {
        public var year: Int
        public var value: Double
        public var text: String
        public var context: String
        public var report: String
        public var figure: Int

        public init(year: Int, value: Double, text: String, context: String, report: String, figure: Int) {
            self.year = year
            self.value = value
            self.text = text
            self.context = context
            self.report = report
            self.figure = figure
        }
    }

    /// One indicator of one issuer over the years: full-year achievements, with the plan's
    /// target for a year where one was set.
    public struct Series: Sendable, Equatable {
        public var indicator: String
        /// `level`, `growth`, `share`, …
        public var measure: String
        public var unit: String
        /// `up`, `down`, `none`.
        public var polarity: String?
        public var points: [Point]
        public var targets: [TargetView]

        public init(indicator: String, measure: String, unit: String, polarity: String?, points: [Point], targets: [TargetView]) {
            self.indicator = indicator
            self.measure = measure
            self.unit = unit
            self.polarity = polarity
            self.points = points
            self.targets = targets
        }
    }

    /// A plan's target judged against the year's actual.
    public struct TargetView: Sendable, Equatable {
        public var indicator: String
        public var measure: String
        public var year: Int
        /// `met`, `missed`, `exceeded`, `not reported`, `pending`.
        public var outcome: String
        public var target: Point
        public var actual: Point?
        /// For a missed target: how far short, in the figure's unit, as text (`0.8亿元`).
        public var shortfall: String?

        public init(indicator: String, measure: String, year: Int, outcome: String, target: Point, actual: Point?, shortfall: String?) {
            self.indicator = indicator
            self.measure = measure
            self.year = year
            self.outcome = outcome
            self.target = target
            self.actual = actual
            self.shortfall = shortfall
        }
    }

    public struct AlertView: Sendable, Equatable {
        public var rule: String
        public var severity: String
        public var message: String
        public var year: Int?
        public var context: String
        public var report: String
        public var figure: Int?

        public init(rule: String, severity: String, message: String, year: Int?, context: String, report: String, figure: Int?) {
            self.rule = rule
            self.severity = severity
            self.message = message
            self.year = year
            self.context = context
            self.report = report
            self.figure = figure
        }
    }

    public struct IssuerView: Sendable, Equatable {
        /// The issuer key (Record.issuer_key): one per issuing place.
        public var key: String
        /// The name it goes by (its newest report's organization, else the key).
        public var name: String
        public var level: String
        /// Newest year first.
        public var reports: [ReportRef]
        /// Firing alerts, most severe first.
        public var alerts: [AlertView]
        public var series: [Series]

        public init(key: String, name: String, level: String, reports: [ReportRef], alerts: [AlertView], series: [Series]) {
            self.key = key
            self.name = name
            self.level = level
            self.reports = reports
            self.alerts = alerts
            self.series = series
        }

        /// Its targets over all series: newest year first, and in a year the missed ones first,
        /// then those met or exceeded, then those the summary is silent on or that wait for it.
        public var targets: [TargetView] {
            let rank = ["missed": 0, "exceeded": 1, "met": 1, "not reported": 2, "pending": 3]
            return series.flatMap(\.targets).sorted {
                ($1.year, rank[$0.outcome] ?? 4, $0.indicator) < ($0.year, rank[$1.outcome] ?? 4, $1.indicator)
            }
        }
    }

    /// One indicator across issuers, for the page that compares them.
    public struct IndicatorView: Sendable, Equatable {
        public var name: String
        public var domain: String?
        public var polarity: String?
        /// (issuer key, issuer name, its series of this indicator).
        public var issuers: [(key: String, name: String, series: Series)]

        public init(name: String, domain: String?, polarity: String?, issuers: [(key: String, name: String, series: Series)]) {
            self.name = name
            self.domain = domain
            self.polarity = polarity
            self.issuers = issuers
        }

        public static func == (a: IndicatorView, b: IndicatorView) -> Bool {
            a.name == b.name && a.domain == b.domain && a.polarity == b.polarity
                && a.issuers.elementsEqual(b.issuers) { $0.key == $1.key && $0.name == $1.name && $0.series == $1.series }
        }
    }
}
