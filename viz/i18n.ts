/**
 * English and Japanese for every text the app shows: UI labels and the sentence
 * templates of the event log (model/sentences.ts fills them from structured trace
 * fields, so a Japanese log is complete, not English with Japanese labels).
 *
 * Templates use `{name}` placeholders; `t(lang, key, vars)` fills them. Both tables
 * have exactly the same keys (a unit test checks it).
 */
export type Lang = "en" | "ja";

const en = {
  "app.title": "mxsim — watch mail move",
  "ui.play": "Play", "ui.pause": "Pause", "ui.stepEvent": "Step event", "ui.stepDecision": "Next decision",
  "ui.speed": "Speed", "ui.speedUnit": "sim-s per s", "ui.time": "Time", "ui.scenario": "Scenario",
  "ui.open": "Open / paste YAML", "ui.run": "Load", "ui.close": "Close", "ui.lang": "日本語",
  "ui.compare": "Compare", "ui.compareOff": "Single run", "ui.settingA": "Left", "ui.settingB": "Right",
  "ui.retryLaw": "Retry law", "ui.profileDefault": "(profiles' own)",
  "ui.tab.map": "Map", "ui.tab.charts": "Charts", "ui.tab.log": "Event log", "ui.tab.inspector": "Inspector",
  "ui.filterHost": "Host", "ui.filterKind": "Kind", "ui.filterMessage": "Message id", "ui.all": "all",
  "ui.kind.decision": "decisions", "ui.kind.fallback": "MX fallbacks", "ui.kind.mta": "MTA", "ui.kind.smtp": "SMTP", "ui.kind.dns": "DNS", "ui.kind.net": "network",
  "ui.shown": "{n} of {total} entries", "ui.goal": "Goal", "ui.loading": "Loading…", "ui.editorHelp": "Paste or type a scenario (YAML). Errors are shown with their line and column.",
  "ui.file": "Open file", "ui.problems": "Problems", "ui.noProblems": "No problems.", "ui.fingerprint": "Fingerprint",
  "chart.queue": "Queue length per MTA (solid: all queued, dashed: the retry backlog, mail that failed at least once)", "chart.total": "queued", "chart.deferredPart": "of which deferred before", "chart.util": "Link utilisation (busier direction)",
  "chart.cdf": "Delivery latency CDF (submission → mailbox)", "chart.counters": "Counters",
  "count.delivered": "delivered", "count.deferred": "deferrals", "count.bounced": "bounced", "count.rejected": "rejected at SMTP",
  "count.discarded": "discarded", "count.backscatter": "bounce notices (backscatter)", "count.fallback": "to FallbackMX",
  "legend.dns": "DNS query / answer", "legend.smtp": "SMTP session", "legend.body": "message body", "legend.bounce": "bounce",
  "legend.queue": "queue: active+deferred",
  "ui.sweep": "Open sweep results", "ui.sweepOff": "Back to the simulation",
  "sweep.folder": "Sweep output folder", "sweep.file": "or its charts.json",
  "sweep.help": "Open the folder that `mxsim sweep --out DIR` wrote (or the charts.json in it) to see each metric by configuration.",
  "sweep.none": "No charts.json in the chosen files.", "sweep.bad": "Could not read {file}: {error}",
  "sweep.head": "{name}: {configs} configurations × {reps} replications (replication k uses the same seed in every configuration: common random numbers), baseline {baseline}",
  "sweep.links": "Links: {links}", "sweep.perConfig": "per configuration",
  "sweep.legend": "bar: mean · red: 95 % CI (Student t, n = {n}) · dots: replications",
  "sweep.baseline": "(baseline)", "sweep.noValue": "no value",
  "sweep.m.delivered": "recipients delivered", "sweep.m.bounced": "recipients bounced", "sweep.m.backscatter": "DSNs sent (backscatter)",
  "sweep.m.latencyP50": "delivery latency, median", "sweep.m.latencyP90": "delivery latency, 90th percentile",
  "sweep.m.latencyP99": "delivery latency, 99th percentile", "sweep.m.latencyMax": "delivery latency, maximum",
  "sweep.m.drainTime": "time to drain the backlog after recovery", "sweep.m.peakQueue": "peak queue",
  "sweep.m.linkUtilPeak": "peak link utilisation (per sampling interval)", "sweep.m.linkUtilMean": "mean link utilisation",
  "sweep.m.dnsQueries": "DNS queries to authoritative servers", "sweep.m.smtpSessions": "SMTP sessions",
  "sweep.m.attemptsPerMessage": "delivery attempts per message",
  "sweep.u.h": "hours", "sweep.u.min": "minutes", "sweep.u.s": "seconds", "sweep.u.recipients": "recipients", "sweep.u.messages": "messages",
  "sweep.u.queries": "queries", "sweep.u.sessions": "sessions", "sweep.u.attempts": "attempts",
  "region.outside": "outside (the Internet)", "region.inside": "inside the firewall",
  "insp.none": "Click a message id in the log, or a host on the map.", "insp.message": "Message {id}",
  "insp.route": "Route", "insp.attempts": "Attempts", "insp.dns": "DNS lookups it caused", "insp.envelope": "Envelope",
  "insp.header": "Header (final copy)", "insp.bounce": "Bounce", "insp.noCopy": "No final copy kept (not delivered to a mailbox yet).",
  "insp.why2nd": "Why the 2nd MX?", "insp.dnsMsg": "DNS message #{msg}", "insp.question": "Question", "insp.answer": "Answer",
  "insp.authority": "Authority", "insp.additional": "Additional", "insp.query": "Query", "insp.response": "Response",
  "insp.returnPath": "Return-Path (from MAIL FROM at final delivery)", "insp.received": "Received chain (newest first)",
  "insp.mailFrom": "MAIL FROM", "insp.rcptTo": "RCPT TO", "insp.noResponse": "no response",
  // Sentences (model/sentences.ts)
  "s.route.local": "{host}: {domain} is local here — deliver to the mailbox of {user}",
  "s.route.mailertable": "{host}: the mailertable routes {domain} to {target} — a static route, no MX lookup",
  "s.route.mailertableMx": "{host}: the mailertable routes {domain} to {target} — then look up its MX",
  "s.route.error": "{host}: the mailertable's error mailer refuses {rcpt} ({code})",
  "s.route.ldap": "{host}: LDAP routing — the directory names {target} as the mail host of {rcpt}",
  "s.route.smartHost": "{host}: no static route for {domain} — send to the SMART_HOST {target}",
  "s.route.localRelay": "{host}: {domain} is local but {host} keeps no mailboxes — LOCAL_RELAY {target}",
  "s.route.mx": "{host}: no static route for {domain} — look up its MX (RFC 5321 §5.1)",
  "s.route.other": "{host}: routing step {step} for {rcpt}",
  "s.queued.local": "{host}: {message} submitted locally for {rcpts} ({bytes})",
  "s.queued.from": "{host}: accepted {message} from {from} for {rcpts} ({bytes}), queued as {queueId}",
  "s.plan.one": "{host}: to reach {dest}, connect to {first}",
  "s.plan.mx": "{host}: MX for {dest} in order: {list}",
  "s.plan.self": "{host}: MX for {dest}: this host is a backup MX, so it tries only {list}",
  "s.delivered.mailbox": "{host}: delivered {message} into the mailbox of {user}",
  "s.delivered.relay": "{host}: {to} accepted {message} for {rcpts} ({code})",
  "s.delivered.backup": "{host}: {to} accepted {message} — it is MX {pref}, not the preferred {first}: the preferred MX is down or failed, so the backup MX takes the mail (S20)",
  "s.deferred": "{host}: {message} deferred for {rcpts}: {code} {enhanced} {text} — next try at {next}",
  "s.deferred.giveup": "{host}: {message} deferred for {rcpts}: {code} {enhanced} {text} — the retry law gives up",
  "s.bounced": "{host}: {message} bounced for {rcpts}: {code} {enhanced} {text}{notice}",
  "s.bounced.notice": " — DSN {notice} goes back to the sender",
  "s.fallback": "{host}: every MX failed for {message} — hand it to the FallbackMX {fallback} (S21)",
  "s.warned": "{host}: {message} still undelivered — delay warning {notice} sent",
  "s.refused": "{host}: refused {message} from {client} at {stage}: {code} {enhanced} ({policy})",
  "s.discarded": "{host}: accepted {message} from {client} with 250, then dropped it by policy (DISCARD) — {rcpts} never get it, and nobody is told",
  "s.host.down": "{host} goes down", "s.host.up": "{host} is back up",
  "s.link.down": "link {link} goes down", "s.link.up": "link {link} is back up", "s.link.bandwidth": "link {link} now carries {bps}",
  "s.fault.start": "faults[{fault}] ({kind}) takes effect on {host}", "s.fault.end": "faults[{fault}] ({kind}) is undone on {host}",
  "s.fw": "{host}: firewall {action} {proto} from {src} to {dst} port {dport} (rule {rule})",
  "s.smtp.connect": "{host}: opens SMTP to {server} for {message} ({rcpts} recipient(s), {bytes})",
  "s.smtp.reply": "{host}: {server} answers {stage}: {code} {enhanced} {text}",
  "s.smtp.end": "{host}: session with {server} ended at {stage} with {code}",
  "s.smtp.end.gone": "{host}: no SMTP with {server}: {stage} failed (no reply)",
  "s.tcp": "{host}: TCP connect to {dst}:{port}: {outcome}",
  "s.flow.start": "{host}: {bytes} start flowing to {dst}", "s.flow.end": "{host}: transfer {flow} {outcome}",
  "s.dns.query": "{host} ({role}): asks {server} for {qname} {qtype}",
  "s.dns.answer": "{host}: {kind} for {qname} {qtype} ({rcode}; {answers} answer, {authority} authority, {additional} additional)",
  "s.dns.referral": "{host} (resolver): referral from {from} to the {delegation} servers ({ns} NS, glue for {glueUsed})",
  "s.dns.reply": "{host} ({role}): {kind} from {from} for {qname} {qtype} after {rtt}",
  "s.dns.silent": "{host}: no answer to {qname} {qtype} ({reason})",
  "s.dns.timeout": "{host} ({role}): no answer from {to} in {waited} for {qname} {qtype} (try {attempt})",
  "s.datagram.lost": "{host}: datagram to {dst} lost",
  "s.note": "{host}: {text}",
  "s.other": "{host}: {type}",
  "w.ok": "completed", "w.failed": "failed", "w.dropped": "dropped", "w.rejected": "rejected",
} as const;

export type Key = keyof typeof en;

const ja: Record<Key, string> = {
  "app.title": "mxsim — メールの流れを見る",
  "ui.play": "再生", "ui.pause": "一時停止", "ui.stepEvent": "1 イベント進む", "ui.stepDecision": "次の判断へ",
  "ui.speed": "速度", "ui.speedUnit": "シミュレーション秒/秒", "ui.time": "時刻", "ui.scenario": "シナリオ",
  "ui.open": "YAML を開く・貼り付ける", "ui.run": "読み込む", "ui.close": "閉じる", "ui.lang": "English",
  "ui.sweep": "スイープ結果を開く", "ui.sweepOff": "シミュレーションに戻る",
  "sweep.folder": "スイープの出力フォルダ", "sweep.file": "または charts.json",
  "sweep.help": "`mxsim sweep --out DIR` が書き出したフォルダ (またはその中の charts.json) を開くと、指標ごとに設定を並べたグラフを表示します。",
  "sweep.none": "選んだファイルに charts.json がありません。", "sweep.bad": "{file} を読めません: {error}",
  "sweep.head": "{name}: {configs} 通りの設定 × {reps} 回の反復 (k 回目はどの設定でも同じシード: 共通乱数法)、基準は {baseline}",
  "sweep.links": "回線: {links}", "sweep.perConfig": "設定ごとに異なる",
  "sweep.legend": "棒: 平均 · 赤: 95 % 信頼区間 (t 分布, n = {n}) · 点: 各反復",
  "sweep.baseline": "(基準)", "sweep.noValue": "値なし",
  "sweep.m.delivered": "配送された受信者数", "sweep.m.bounced": "エラー返送された受信者数", "sweep.m.backscatter": "送られた DSN (バックスキャッタ)",
  "sweep.m.latencyP50": "配送遅延の中央値", "sweep.m.latencyP90": "配送遅延の 90 パーセンタイル",
  "sweep.m.latencyP99": "配送遅延の 99 パーセンタイル", "sweep.m.latencyMax": "配送遅延の最大値",
  "sweep.m.drainTime": "復旧後に滞留が解消するまでの時間", "sweep.m.peakQueue": "キュー長の最大値",
  "sweep.m.linkUtilPeak": "回線使用率の最大値 (サンプリング間隔ごと)", "sweep.m.linkUtilMean": "回線使用率の平均",
  "sweep.m.dnsQueries": "権威サーバへの DNS 問い合わせ数", "sweep.m.smtpSessions": "SMTP セッション数",
  "sweep.m.attemptsPerMessage": "メッセージあたりの配送試行回数",
  "sweep.u.h": "時間", "sweep.u.min": "分", "sweep.u.s": "秒", "sweep.u.recipients": "受信者", "sweep.u.messages": "通",
  "sweep.u.queries": "件", "sweep.u.sessions": "セッション", "sweep.u.attempts": "回",
  "ui.compare": "比較", "ui.compareOff": "単独実行", "ui.settingA": "左", "ui.settingB": "右",
  "ui.retryLaw": "再送法則", "ui.profileDefault": "(各 MTA の既定)",
  "ui.tab.map": "構成図", "ui.tab.charts": "グラフ", "ui.tab.log": "イベントログ", "ui.tab.inspector": "詳細",
  "ui.filterHost": "ホスト", "ui.filterKind": "種類", "ui.filterMessage": "メッセージ ID", "ui.all": "すべて",
  "ui.kind.decision": "判断", "ui.kind.fallback": "MX フォールバック", "ui.kind.mta": "MTA", "ui.kind.smtp": "SMTP", "ui.kind.dns": "DNS", "ui.kind.net": "ネットワーク",
  "ui.shown": "{total} 件中 {n} 件", "ui.goal": "学習目標", "ui.loading": "読み込み中…", "ui.editorHelp": "シナリオ (YAML) を貼り付けるか入力してください。エラーは行と桁で示されます。",
  "ui.file": "ファイルを開く", "ui.problems": "問題点", "ui.noProblems": "問題はありません。", "ui.fingerprint": "フィンガープリント",
  "chart.queue": "MTA ごとのキュー長 (実線: キュー全体、破線: 再送待ちの滞留分 = 一度以上配送に失敗したメール)", "chart.total": "キュー全体", "chart.deferredPart": "うち再送対象", "chart.util": "回線使用率 (混んでいる方向)",
  "chart.cdf": "配送遅延の累積分布 (投函 → メールボックス)", "chart.counters": "カウンタ",
  "count.delivered": "配送済み", "count.deferred": "遅延", "count.bounced": "エラーメール返送", "count.rejected": "SMTP で拒否",
  "count.discarded": "破棄", "count.backscatter": "エラー通知 (バックスキャッタ)", "count.fallback": "FallbackMX へ",
  "legend.dns": "DNS 問い合わせ・応答", "legend.smtp": "SMTP セッション", "legend.body": "メール本体", "legend.bounce": "エラーメール",
  "legend.queue": "キュー: 処理中+遅延中",
  "region.outside": "外部 (インターネット)", "region.inside": "ファイアウォールの内側",
  "insp.none": "ログのメッセージ ID か構成図のホストをクリックしてください。", "insp.message": "メッセージ {id}",
  "insp.route": "経路", "insp.attempts": "配送の試み", "insp.dns": "このメールが引き起こした DNS 検索", "insp.envelope": "エンベロープ",
  "insp.header": "ヘッダ (最終コピー)", "insp.bounce": "エラーメール", "insp.noCopy": "最終コピーはありません (まだメールボックスに届いていません)。",
  "insp.why2nd": "なぜ 2nd MX へ?", "insp.dnsMsg": "DNS メッセージ #{msg}", "insp.question": "質問部", "insp.answer": "回答部",
  "insp.authority": "権威部", "insp.additional": "付加情報部", "insp.query": "問い合わせ", "insp.response": "応答",
  "insp.returnPath": "Return-Path (最終配送時に MAIL FROM から記録)", "insp.received": "Received 行 (新しい順)",
  "insp.mailFrom": "MAIL FROM", "insp.rcptTo": "RCPT TO", "insp.noResponse": "応答なし",
  "s.route.local": "{host}: {domain} はこのホストのドメイン — {user} のメールボックスへ配送",
  "s.route.mailertable": "{host}: mailertable により {domain} は {target} へ — 静的経路なので MX は引かない",
  "s.route.mailertableMx": "{host}: mailertable により {domain} は {target} へ — その MX を引く",
  "s.route.error": "{host}: mailertable の error メーラーが {rcpt} を拒否 ({code})",
  "s.route.ldap": "{host}: LDAP ルーティング — ディレクトリによると {rcpt} のメールホストは {target}",
  "s.route.smartHost": "{host}: {domain} への静的経路なし — SMART_HOST {target} へ送る",
  "s.route.localRelay": "{host}: {domain} はローカルだが {host} はメールボックスを持たない — LOCAL_RELAY {target} へ",
  "s.route.mx": "{host}: {domain} への静的経路なし — MX を引く (RFC 5321 §5.1)",
  "s.route.other": "{host}: {rcpt} の経路決定 ({step})",
  "s.queued.local": "{host}: {message} が {rcpts} 宛にローカルで投函された ({bytes})",
  "s.queued.from": "{host}: {from} から {message} ({rcpts} 宛, {bytes}) を受け取り、{queueId} としてキューに入れた",
  "s.plan.one": "{host}: {dest} へは {first} に接続する",
  "s.plan.mx": "{host}: {dest} の MX を優先順に: {list}",
  "s.plan.self": "{host}: {dest} の MX: このホストはバックアップ MX なので {list} だけを試す",
  "s.delivered.mailbox": "{host}: {message} を {user} のメールボックスに配送した",
  "s.delivered.relay": "{host}: {to} が {message} ({rcpts} 宛) を受け取った ({code})",
  "s.delivered.backup": "{host}: {to} が {message} を受け取った — 優先の {first} ではなく MX {pref}。優先 MX が停止・失敗したので、バックアップ MX がメールを預かる (S20)",
  "s.deferred": "{host}: {message} ({rcpts} 宛) は配送遅延: {code} {enhanced} {text} — 次の試行は {next}",
  "s.deferred.giveup": "{host}: {message} ({rcpts} 宛) は配送遅延: {code} {enhanced} {text} — 再送法則はここで諦める",
  "s.bounced": "{host}: {message} ({rcpts} 宛) はエラー: {code} {enhanced} {text}{notice}",
  "s.bounced.notice": " — エラー通知 {notice} を送信者へ返す",
  "s.fallback": "{host}: {message} はすべての MX に失敗 — FallbackMX {fallback} に渡す (S21)",
  "s.warned": "{host}: {message} はまだ配送できない — 遅延通知 {notice} を送った",
  "s.refused": "{host}: {client} からの {message} を {stage} で拒否: {code} {enhanced} ({policy})",
  "s.discarded": "{host}: {client} からの {message} を 250 で受け取ってからポリシーで破棄 (DISCARD) — {rcpts} には届かず、誰にも通知されない",
  "s.host.down": "{host} が停止", "s.host.up": "{host} が復旧",
  "s.link.down": "回線 {link} が切断", "s.link.up": "回線 {link} が復旧", "s.link.bandwidth": "回線 {link} の帯域が {bps} に変化",
  "s.fault.start": "障害 faults[{fault}] ({kind}) が {host} に発生", "s.fault.end": "障害 faults[{fault}] ({kind}) が {host} で解除",
  "s.fw": "{host}: ファイアウォールが {src} から {dst} ポート {dport} への {proto} を {action} (ルール {rule})",
  "s.smtp.connect": "{host}: {message} のため {server} へ SMTP 接続 (宛先 {rcpts} 件, {bytes})",
  "s.smtp.reply": "{host}: {server} の {stage} への応答: {code} {enhanced} {text}",
  "s.smtp.end": "{host}: {server} とのセッションが {stage} で終了 ({code})",
  "s.smtp.end.gone": "{host}: {server} と SMTP できず: {stage} で失敗 (応答なし)",
  "s.tcp": "{host}: {dst}:{port} への TCP 接続: {outcome}",
  "s.flow.start": "{host}: {dst} へ {bytes} の転送開始", "s.flow.end": "{host}: 転送 {flow} が {outcome}",
  "s.dns.query": "{host} ({role}): {server} に {qname} {qtype} を問い合わせ",
  "s.dns.answer": "{host}: {qname} {qtype} に {kind} ({rcode}; 回答 {answers}, 権威 {authority}, 付加 {additional})",
  "s.dns.referral": "{host} (リゾルバ): {from} から {delegation} のサーバへ委任 (NS {ns} 件, グルー {glueUsed} 件)",
  "s.dns.reply": "{host} ({role}): {from} から {qname} {qtype} の {kind} ({rtt} 後)",
  "s.dns.silent": "{host}: {qname} {qtype} に応答しない ({reason})",
  "s.dns.timeout": "{host} ({role}): {to} から {waited} 以内に {qname} {qtype} の応答なし (試行 {attempt})",
  "s.datagram.lost": "{host}: {dst} へのデータグラムが失われた",
  "s.note": "{host}: {text}",
  "s.other": "{host}: {type}",
  "w.ok": "完了", "w.failed": "失敗", "w.dropped": "破棄", "w.rejected": "拒否",
};

const tables: Record<Lang, Record<Key, string>> = { en, ja };

export function keys(lang: Lang): string[] {
  return Object.keys(tables[lang]);
}

/** True when `key` is a text key (for keys built at run time, e.g. `sweep.m.${family}`). */
export function isKey(key: string): key is Key {
  return key in en;
}

/** The text for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The default language from the browser's preferences (`navigator.languages`). */
export function pickLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const p = l.toLowerCase();
    if (p.startsWith("ja")) return "ja";
    if (p.startsWith("en")) return "en";
  }
  return "en";
}
