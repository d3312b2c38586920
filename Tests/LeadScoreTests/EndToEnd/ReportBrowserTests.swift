import XCTest

/// `leadscore report` as a person sees it: the page rendered by headless Chromium (Debian's `chromium`) at a
/// laptop's width. A script added to a copy of the page measures what the browser laid out and leaves it in
/// the DOM that `--dump-dom` prints: the section headings, every SVG's size, anything wider than the
/// viewport, and the metrics shown; console errors come from Chromium's log. The metrics must equal
/// `evaluate --json` on the same inputs. The test also keeps the full-page screenshot of the sample's
/// report for the README and notebook 03 (`LEADSCORE_UPDATE_NOTEBOOKS=1` rewrites it).
final class ReportBrowserTests: XCTestCase {
    func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let message = "Chromium is not installed: apt-get install -y chromium"
        if ProcessInfo.processInfo.environment["LEADSCORE_REQUIRE_ENGINES"] == "1" { throw TestSetupError(message) }
        throw XCTSkip(message)
    }

    func browser(_ args: [String], in dir: String) throws -> CommandLineTests.Run {
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--user-data-dir=" + dir + "/profile", "--enable-logging=stderr", "--v=0"]
        return try CommandLineTests.process(try chromium(), flags + args, in: dir)
    }

    func testTheReportReadsWholeInABrowser() throws {
        _ = try chromium()
        let dir = TestFiles.folder()
        let train = try CommandLineTests.run(["train", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                              "--holdout", "0.2", "--out", dir + "/model.json", "--quiet"])
        XCTAssertEqual(train.status, 0, train.err)
        let registry = try CommandLineTests.run(["retrain", "--data", "datasets/leads_history.csv", "--features", "datasets/spec.yaml",
                                                 "--registry", dir + "/registry", "--quiet"])
        XCTAssertEqual(registry.status, 0, registry.err)
        let inputs = ["--model", dir + "/model.json", "--data", "datasets/leads_history.csv", "--policy", "models/policy.yaml"]
        let report = try CommandLineTests.run(["report"] + inputs + ["--leads", "datasets/new_leads.csv", "--registry", dir + "/registry",
                                                                     "--out", dir + "/report.html"])
        XCTAssertEqual(report.status, 0, report.err)
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssertFalse(page.contains("<script"), "the page reads fully without a script")
        XCTAssertFalse(page.contains("http://") && !page.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no network")
        XCTAssertFalse(page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"), "no external resources")

        // The page itself: no console errors.
        let plain = try browser(["--dump-dom", "file://" + dir + "/report.html"], in: dir)
        XCTAssertEqual(plain.status, 0, plain.err)
        let consoleErrors = plain.err.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        XCTAssertEqual(consoleErrors, [], "console errors")

        // What the browser laid out, measured by a script in a copy of the page.
        let probe = """
            <script>
            const vw = document.documentElement.clientWidth;
            const result = {
              viewport: vw,
              scrollWidth: document.documentElement.scrollWidth,
              headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
              svgs: [...document.querySelectorAll('svg')].map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height, !!s.querySelector('title')]; }),
              wide: [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > vw + 1).map(e => e.tagName + ' ' + e.className).slice(0, 5),
              metrics: Object.fromEntries([...document.querySelectorAll('[data-metric]')].map(e => [e.dataset.metric, e.dataset.value]))
            };
            document.body.setAttribute('data-check', JSON.stringify(result));
            </script>
            """
        try page.replacingOccurrences(of: "</body>", with: probe + "</body>").write(toFile: dir + "/probe.html", atomically: true, encoding: .utf8)
        let dump = try browser(["--window-size=1280,900", "--dump-dom", "file://" + dir + "/probe.html"], in: dir)
        XCTAssertEqual(dump.status, 0, dump.err)
        let attribute = try XCTUnwrap(dump.out.components(separatedBy: "data-check=\"").dropFirst().first?.components(separatedBy: "\"").first,
                                      dump.out.suffix(500).description)
        let json = attribute.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        let check = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
        XCTAssertEqual(check["headings"] as? [String], ["Model card", "Accuracy on labelled data", "Conversion by tier and the gate audit",
                                                       "What drives the score", "This batch", "Drift against training", "Registry history"])
        let svgs = try XCTUnwrap(check["svgs"] as? [[Any]])
        XCTAssertEqual(svgs.count, 8, "ROC, calibration, gains, tiers, gates, forest, histogram, drift: \(svgs)")
        for s in svgs {
            XCTAssertGreaterThan(s[0] as? Double ?? 0, 100, "an SVG laid out with a width")
            XCTAssertGreaterThan(s[1] as? Double ?? 0, 100, "an SVG laid out with a height")
            XCTAssertEqual(s[2] as? Bool, true, "an SVG with a <title>")
        }
        XCTAssertEqual(check["wide"] as? [String], [], "elements wider than the viewport")
        XCTAssertLessThanOrEqual(check["scrollWidth"] as? Int ?? .max, check["viewport"] as? Int ?? 0)

        // The numbers shown are evaluate's.
        let evaluate = try CommandLineTests.run(["evaluate"] + inputs + ["--json"])
        XCTAssertEqual(evaluate.status, 0, evaluate.err)
        let shown = try XCTUnwrap(check["metrics"] as? [String: String])
        XCTAssertEqual(Set(shown.keys), ["auc", "pr_auc", "log_loss", "brier", "ece", "ks"])
        for (key, value) in shown {
            // The number's text as evaluate printed it (Foundation's JSON parser on Linux may round the last digit).
            let text = evaluate.out.components(separatedBy: "\n  \"\(key)\" : ").dropFirst().first?.prefix { $0 != "," && $0 != "\n" }
            XCTAssertEqual(Double(value), text.flatMap { Double(String($0)) }, key)
        }

        // The screenshot a person would see, kept for the README and notebook 03.
        let shot = dir + "/report.png"
        let screenshot = try browser(["--window-size=1100,7000", "--screenshot=" + shot, "file://" + dir + "/report.html"], in: dir)
        XCTAssertEqual(screenshot.status, 0, screenshot.err)
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        XCTAssertGreaterThan(png.count, 50_000)
        let kept = TestFiles.root.appendingPathComponent("notebooks-md/charts/report.png").path
        if ProcessInfo.processInfo.environment["LEADSCORE_UPDATE_NOTEBOOKS"] == "1" {
            try png.write(to: URL(fileURLWithPath: kept))
        } else {
            XCTAssertTrue(FileManager.default.fileExists(atPath: kept), "notebooks-md/charts/report.png")
        }
    }
}
