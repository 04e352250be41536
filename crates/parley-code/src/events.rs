//! Events in one sentence: pattern matches become events with their source and recipient
//! (subject, object, "a X", "contro X", passive "da X", "tra X e Y", adjectives of a noun),
//! polarity, modality, attribution, date, place, quantities and context.
//!
//! Rules here read only the sentence's analysis and mentions, plus a little discourse
//! memory (the last subject, for Italian dropped subjects and pronouns). Resolving "both
//! sides" and merging duplicates happens at article level (`article`).

use crate::analysis::{ClauseKind, Sentence};
use crate::mentions::{ActorRef, MentionKind, Mentions};
use parley_lexicon::{Class, EventPattern, LangLexicon, Pos, SeqMatch};
use parley_model::{Place, Polarity, Quantity};
use parley_text::Lang;

/// Who stands on one side of an event, before article-level resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Side {
    Actors(Vec<ActorRef>),
    /// "le due parti", or an implicit party of the article's talks.
    Parties,
    Unknown,
}

impl Side {
    pub fn is_known(&self) -> bool {
        !matches!(self, Side::Unknown)
    }
}

/// An event read from one sentence.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub pattern: usize,
    pub event: &'static str,
    pub head: usize,
    pub source: Side,
    pub target: Side,
    pub reciprocal: bool,
    pub polarity: Polarity,
    pub modality: Vec<&'static str>,
    pub attribution: Option<ActorRef>,
    pub date: Option<String>,
    pub place: Option<Place>,
    pub quantities: Vec<Quantity>,
    pub context: Vec<String>,
    pub mode: Vec<String>,
    pub span: (usize, usize),
}

/// What carries over from one sentence to the next.
#[derive(Debug, Default, Clone)]
pub struct Discourse {
    pub last_subject: Vec<ActorRef>,
    pub last_person: Option<ActorRef>,
}

/// Event pattern matches of a sentence, overlapping and shorter ones dropped.
pub fn triggers(lex: &LangLexicon, s: &Sentence) -> Vec<SeqMatch> {
    let views = s.views();
    let mut all = lex.events.find_all(views);
    // longer patterns first; then keep those whose head is not inside a kept match
    all.sort_by_key(|m| {
        (
            std::cmp::Reverse(lex.patterns[*lex.events.value(m.seq) as usize].words),
            m.start,
            *lex.events.value(m.seq),
        )
    });
    let mut kept: Vec<SeqMatch> = Vec::new();
    for m in all {
        let head = m.positions[0];
        if kept.iter().any(|k| {
            k.positions.contains(&head) || m.positions.iter().any(|p| k.positions.contains(p))
        }) {
            continue;
        }
        kept.push(m);
    }
    kept.sort_by_key(|m| m.positions[0]);
    kept
}

fn prep_before(s: &Sentence, start: usize) -> Option<Class> {
    let mut k = start;
    while k > 0 && (s.is(k - 1, Class::Determiner) || s.is(k - 1, Class::Both)) {
        k -= 1;
    }
    if k == 0 {
        return None;
    }
    let p = k - 1;
    for c in [
        Class::AgentPrep,
        Class::Between,
        Class::RecipientPrep,
        Class::GenitivePrep,
        Class::LocPrep,
        Class::OtherPrep,
        Class::Attribution,
    ] {
        if s.is(p, c) {
            return Some(c);
        }
    }
    if s.gram
        .iter()
        .any(|g| g.end == k && matches!(g.entry.class, Class::Attribution | Class::RecipientPrep))
    {
        return Some(Class::Attribution);
    }
    None
}

fn refs_of(m: &Mentions, idxs: &[usize], d: &Discourse) -> Side {
    let mut out: Vec<ActorRef> = Vec::new();
    for &i in idxs {
        let mn = &m.actors[i];
        match mn.kind {
            MentionKind::Parties => return Side::Parties,
            MentionKind::Pronoun { group } => {
                if !mn.actors.is_empty() {
                    out.extend(mn.actors.iter().cloned());
                } else if group {
                    out.extend(d.last_subject.iter().cloned());
                } else if let Some(p) = &d.last_person {
                    out.push(p.clone());
                }
            }
            MentionKind::Actor => out.extend(mn.actors.iter().cloned()),
        }
    }
    if out.is_empty() {
        Side::Unknown
    } else {
        Side::Actors(out)
    }
}

/// The nearest subject-like mention left of `from`, within the clause structure.
fn subject_left(
    s: &Sentence,
    m: &Mentions,
    from: usize,
    head_clause: usize,
    allow_adj: bool,
) -> Option<usize> {
    let hc = s.clauses[head_clause];
    let limit = if hc.kind == ClauseKind::Content || hc.kind == ClauseKind::Relative {
        hc.start
    } else {
        0
    };
    let mut best = None;
    for (i, mn) in m.actors.iter().enumerate().rev() {
        if mn.end > from || mn.start < limit {
            continue;
        }
        let c = s.clause_of[mn.start];
        let ck = s.clauses[c].kind;
        if c != head_clause
            && matches!(
                ck,
                ClauseKind::Relative | ClauseKind::Condition | ClauseKind::Content
            )
        {
            continue;
        }
        if mn.adj_only && !allow_adj {
            continue;
        }
        let first = m.with_group(i)[0];
        match prep_before(s, m.actors[first].start) {
            None => {
                best = Some(first);
                break;
            }
            Some(Class::Between) if allow_adj => {
                best = Some(first);
                break;
            }
            _ => continue,
        }
    }
    best
}

/// The first recipient-like mention right of `after`, in the same clause.
fn target_right(
    s: &Sentence,
    m: &Mentions,
    after: usize,
    clause_end: usize,
    noun: bool,
    passive: bool,
    exclude: &[usize],
) -> Option<usize> {
    target_right_ext(s, m, after, clause_end, noun, passive, exclude, false)
}

/// "con gli alleati di X", "with the leaders of X": a recipient behind a noun.
fn recipient_behind_noun(s: &Sentence, start: usize) -> bool {
    let mut k = start;
    while k > 0 && (s.is(k - 1, Class::Determiner) || s.is(k - 1, Class::GenitivePrep)) {
        k -= 1;
    }
    // one noun, then its article, then the recipient preposition
    if k == 0 {
        return false;
    }
    let mut j = k - 1;
    while j > 0 && s.is(j - 1, Class::Determiner) {
        j -= 1;
    }
    j > 0 && s.is(j - 1, Class::RecipientPrep) && !s.is(j - 1, Class::LocPrep)
}

#[allow(clippy::too_many_arguments)]
fn target_right_ext(
    s: &Sentence,
    m: &Mentions,
    after: usize,
    clause_end: usize,
    noun: bool,
    passive: bool,
    exclude: &[usize],
    loc_ok: bool,
) -> Option<usize> {
    for (i, mn) in m.actors.iter().enumerate() {
        if mn.start < after || mn.start >= clause_end || exclude.contains(&i) {
            continue;
        }
        // "sanctioned Chinese firms": an adjective on the object names the recipient
        let _ = noun;
        let prep = prep_before(s, mn.start);
        let ok = match prep {
            None => !passive || mn.start > after,
            Some(Class::RecipientPrep) => true,
            Some(Class::GenitivePrep) => noun || recipient_behind_noun(s, mn.start),
            Some(Class::Between) => noun,
            Some(Class::LocPrep) => mn.loc_ambiguous || loc_ok,
            _ => false,
        };
        if ok {
            return Some(i);
        }
        if prep.is_none() && mn.kind == MentionKind::Actor {
            // a bare noun phrase after the verb that is not an actor we accept: stop
            continue;
        }
    }
    None
}

/// Events of one sentence.
pub fn extract(
    lex: &LangLexicon,
    s: &Sentence,
    m: &Mentions,
    trig: &[SeqMatch],
    published_year: Option<i32>,
    d: &mut Discourse,
) -> Vec<Candidate> {
    let lang = lex.lang;
    let mut out: Vec<Candidate> = Vec::new();
    let heads: Vec<usize> = trig.iter().map(|t| t.positions[0]).collect();
    let has_condition = s.clauses.iter().any(|c| c.kind == ClauseKind::Condition);
    // Speech verbs: speaker and where the reported content lies.
    let mut speeches: Vec<(usize, usize, Option<usize>)> = Vec::new(); // (pos, end, speaker mention)
    for g in s.gram.iter().filter(|g| g.entry.class == Class::Speech) {
        if heads.contains(&g.start) {
            continue;
        }
        let c = s.clause_of[g.start];
        let mut speaker = subject_left(s, m, g.start, c, false);
        if speaker.is_none() {
            // inverted: "ha dichiarato Trump", "said Smith"
            speaker = m.actors.iter().position(|mn| {
                mn.start >= g.end
                    && mn.start <= g.end + 1
                    && mn.kind == MentionKind::Actor
                    && prep_before(s, mn.start).is_none()
            });
        }
        if speaker.is_none() && s.clauses[c].kind == ClauseKind::Relative {
            speaker = antecedent(s, m, s.clauses[c].start);
        }
        speeches.push((g.start, g.end, speaker));
    }
    let attribution_phrase: Option<ActorRef> = s
        .gram
        .iter()
        .filter(|g| g.entry.class == Class::Attribution)
        .find_map(|g| {
            m.actors
                .iter()
                .find(|mn| mn.start >= g.end && mn.start <= g.end + 2)
                .and_then(|mn| {
                    refs_of(
                        m,
                        &[m.actors
                            .iter()
                            .position(|x| x.start == mn.start)
                            .unwrap_or(0)],
                        d,
                    )
                    .into_actors()
                })
        });

    for (ti, t) in trig.iter().enumerate() {
        let pidx = *lex.events.value(t.seq) as usize;
        let p: &EventPattern = &lex.patterns[pidx];
        let head = t.positions[0];
        let last = *t.positions.last().unwrap_or(&head);
        if m.actor_at(head)
            .is_some_and(|a| m.actors[a].kind == MentionKind::Actor)
            || m.places.iter().any(|pl| pl.start <= head && head < pl.end)
        {
            continue; // the word is part of a name ("Consiglio di sicurezza")
        }
        let ci = s.clause_of[head];
        let clause = s.clauses[ci];
        if clause.kind == ClauseKind::Condition {
            continue; // "se rifiuterà": a condition, not an event
        }
        // Embedded: an infinitive or noun governed by an earlier event verb is its content.
        let governed = heads[..ti].iter().enumerate().any(|(k, &h)| {
            let gp = &lex.patterns[*lex.events.value(trig[k].seq) as usize];
            if gp.pos != Pos::Verb || h >= head {
                return false;
            }
            let between_hard =
                (h..head).any(|x| s.is_punct(x) && matches!(s.raw(x), ";" | ":" | "(" | ")"));
            if between_hard {
                return false;
            }
            match p.pos {
                Pos::Noun => s.clause_of[h] == ci,
                Pos::Verb
                    if s.clause_of[h] == ci
                        && (head.saturating_sub(2)..head)
                            .any(|k| s.is(k, Class::Determiner) || s.raw(k) == "\"") =>
                {
                    true
                }
                Pos::Verb => {
                    let mut k2 = head;
                    while k2 > 0 && (s.is(k2 - 1, Class::AuxPerfect) || s.low(k2 - 1) == "not") {
                        k2 -= 1;
                    }
                    k2 > 0
                        && (s.is(k2 - 1, Class::Complement) || s.is(k2 - 1, Class::Purpose))
                        && head - h <= 8
                }
            }
        });
        // "agreed that their countries should cooperate": a clause of content after an event verb
        let governed = governed || {
            let opener = clause.start;
            (clause.kind == ClauseKind::Content || clause.kind == ClauseKind::Other)
                && (s.is(opener, Class::Subordinator) || s.is(opener, Class::Relative))
                && matches!(s.low(opener), "that" | "che")
                && heads[..ti].iter().enumerate().any(|(k, &h)| {
                    lex.patterns[*lex.events.value(trig[k].seq) as usize].pos == Pos::Verb
                        && h < opener
                        && opener - h <= 6
                })
        };
        // a capitalized word inside an unknown name ("Economic Cooperation") is no event
        let in_name = head > 0
            && s.toks[head].cap
            && !s.toks[head].upper
            && (s.toks[head - 1].cap || s.toks.get(head + 1).is_some_and(|t| t.cap));
        if in_name {
            continue;
        }
        if governed {
            // pass the content on to the governing event
            if let Some(gov) = out.last_mut() {
                for c in &p.context {
                    if !gov.context.contains(c) {
                        gov.context.push(c.clone());
                    }
                }
                if gov.target == Side::Unknown {
                    // "chiesto sanzioni contro Mosca": the noun's object is the verb's recipient
                    if let Some(ti2) = target_right(s, m, last + 1, clause.end, true, false, &[]) {
                        if m.actors[ti2].start <= last + 3 {
                            gov.target = refs_of(m, &m.with_group(ti2), d);
                        }
                    }
                }
            }
            continue;
        }
        // Passive voice and bare participles.
        let aux_before =
            (clause.start.max(head.saturating_sub(3))..head).any(|k| s.is(k, Class::AuxPassive));
        let perfect_before =
            (clause.start.max(head.saturating_sub(3))..head).any(|k| s.is(k, Class::AuxPerfect));
        let agent = m.actors.iter().position(|mn| {
            mn.start > last
                && mn.start <= last + 3
                && prep_before(s, mn.start) == Some(Class::AgentPrep)
                && !mn.adj_only
        });
        let strong_passive_aux = (clause.start.max(head.saturating_sub(3))..head).any(|k| {
            matches!(
                s.low(k),
                "stato"
                    | "stata"
                    | "stati"
                    | "state"
                    | "viene"
                    | "vengono"
                    | "venne"
                    | "vennero"
                    | "verrà"
                    | "verranno"
                    | "was"
                    | "were"
                    | "been"
                    | "being"
                    | "is"
                    | "are"
                    | "be"
            )
        });
        let passive = p.pos == Pos::Verb
            && !perfect_before
            && (agent.is_some() || strong_passive_aux || (aux_before && lang == Lang::En));
        if p.pos == Pos::Verb
            && p.no_attributive
            && !aux_before
            && !perfect_before
            && agent.is_some()
        {
            continue; // "regioni occupate dalle truppe russe": a state, not an event
        }
        if p.passive_only && !passive {
            continue;
        }
        // Source and target.
        let mut source = Side::Unknown;
        let mut target = Side::Unknown;
        let mut src_idx: Vec<usize> = Vec::new();
        let mut reciprocal = p.reciprocal || matches!(p.event, "AGREE" | "CONSULT" | "COOPERATE");
        match p.pos {
            Pos::Verb => {
                if passive {
                    if let Some(a) = agent {
                        src_idx = m.with_group(a);
                        source = refs_of(m, &src_idx, d);
                    }
                    if let Some(sj) = subject_left(s, m, head, ci, false) {
                        target = refs_of(m, &m.with_group(sj), d);
                    }
                } else {
                    let sj = subject_left(s, m, head, ci, false).or_else(|| {
                        if clause.kind == ClauseKind::Relative {
                            antecedent(s, m, clause.start)
                        } else {
                            None
                        }
                    });
                    if let Some(sj) = sj {
                        src_idx = m.with_group(sj);
                        source = refs_of(m, &src_idx, d);
                    }
                    let ends_in_noun = p.words > 1;
                    // the recipient may stand inside a gapped pattern ("accused Russia of aggression")
                    let tg = target_right_ext(
                        s,
                        m,
                        head + 1,
                        clause.end,
                        ends_in_noun,
                        false,
                        &src_idx,
                        p.mode.iter().any(|x| x == "visit"),
                    );
                    if let Some(tg) = tg {
                        target = refs_of(m, &m.with_group(tg), d);
                    }
                }
            }
            Pos::Noun => {
                // "tra X e Y" / "between X and Y" right after the noun
                let between = m.groups.iter().position(|g| {
                    g.between
                        && m.actors[g.members[0]].start > last
                        && m.actors[g.members[0]].start <= last + 4
                });
                if let Some(g) = between {
                    let members = m.groups[g].members.clone();
                    source = refs_of(m, &members, d);
                    target = source.clone();
                    reciprocal = true;
                    src_idx = members;
                } else {
                    // adjectives and possessives next to the noun
                    let adj_after = m.actors.iter().position(|mn| {
                        mn.start == last + 1
                            && (mn.adj_only
                                || lang == Lang::It
                                    && mn.kind == MentionKind::Actor
                                    && prep_before(s, mn.start).is_none())
                    });
                    let adj_before = m.actors.iter().position(|mn| {
                        (mn.end == head
                            || (mn.end + 1 == head
                                && (s.low(mn.end) == "'s" || s.is(mn.end, Class::Determiner)))
                            || (mn.end + 2 == head && s.low(mn.end) == "'s"))
                            && mn.kind == MentionKind::Actor
                    });
                    if let Some(a) = adj_after.or(adj_before) {
                        src_idx = m.with_group(a);
                        source = refs_of(m, &src_idx, d);
                    }
                    let directed = matches!(
                        p.event,
                        "ASSAULT"
                            | "COERCE"
                            | "SANCTION"
                            | "THREATEN"
                            | "ACCUSE"
                            | "AID"
                            | "REQUEST"
                    );
                    let tg = target_right_ext(
                        s,
                        m,
                        last + 1,
                        clause.end,
                        directed,
                        false,
                        &src_idx,
                        p.mode.iter().any(|x| x == "visit"),
                    );
                    if let Some(tg) = tg {
                        let gen = prep_before(s, m.actors[tg].start) == Some(Class::GenitivePrep);
                        if gen && !directed && source == Side::Unknown {
                            src_idx = m.with_group(tg);
                            source = refs_of(m, &src_idx, d);
                        } else if m.actors[tg].start <= last + 6 {
                            target = refs_of(m, &m.with_group(tg), d);
                        }
                    }
                    if source == Side::Unknown {
                        // "la Russia ha lanciato la sua invasione": the clause's subject
                        if let Some(sj) = subject_left(s, m, head, ci, false) {
                            src_idx = m.with_group(sj);
                            source = refs_of(m, &src_idx, d);
                        }
                    }
                }
            }
        }
        if source == Side::Parties {
            target = Side::Parties;
            reciprocal = true;
        }
        // Dropped subject (Italian) and pronoun subjects: the discourse's last subject.
        if source == Side::Unknown
            && p.pos == Pos::Verb
            && !passive
            && lang == Lang::It
            && clause.kind != ClauseKind::Content
            && !d.last_subject.is_empty()
        {
            source = Side::Actors(d.last_subject.clone());
        }
        // Reciprocal events with "con X" before the verb ("si trovava in Albania con i leader … per discutere").
        if reciprocal && target == Side::Unknown {
            let con = m.actors.iter().enumerate().find(|(i, mn)| {
                !src_idx.contains(i) && mn.start < head && s.clause_of[mn.start] <= ci && {
                    let pb = mn.start.checked_sub(1).map(|k| s.low(k));
                    let mut k = mn.start;
                    while k > 0 && s.is(k - 1, Class::Determiner) {
                        k -= 1;
                    }
                    matches!(pb, Some("con") | Some("with"))
                        || (k > 0 && matches!(s.low(k - 1), "con" | "with" | "coi" | "col"))
                }
            });
            if let Some((ci2, _)) = con {
                target = refs_of(m, &m.with_group(ci2), d);
            }
        }
        // Compound subject of a reciprocal event: they act on each other.
        if reciprocal && target == Side::Unknown {
            if let Side::Actors(a) = &source {
                let codes: std::collections::BTreeSet<_> =
                    a.iter().filter_map(|x| x.code.as_deref()).collect();
                if codes.len() >= 2 {
                    target = source.clone();
                }
            }
        }
        if source == Side::Unknown && !reciprocal {
            continue;
        }
        // Polarity.
        let win_start = clause.start.max(head.saturating_sub(6));
        let negated = (win_start..head).any(|k| {
            (s.is(k, Class::Negation) || s.phrase_at(k, Class::Negation).is_some_and(|e| e <= head))
                && s.phrase_covering(k, Class::NegationException).is_none()
        }) || (p.pos == Pos::Noun
            && (last + 1..(last + 2).min(s.toks.len())).any(|k| s.low(k) == "no"));
        let polarity = if negated {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        // Modality.
        let mut modality: Vec<&'static str> = Vec::new();
        let near = |k: usize| k >= clause.start && k + 4 >= head && k <= head;
        let tense_toks: Vec<usize> = match p.pos {
            Pos::Verb => (clause.start.max(head.saturating_sub(3))..=head).collect(),
            Pos::Noun => (clause.start..clause.end).collect(),
        };
        let hyp =
            (clause.start.max(head.saturating_sub(4))..head).any(|k| s.is(k, Class::Hypothetical));
        if !hyp && lang == Lang::It && tense_toks.iter().any(|&k| is_it_conditional(s.low(k))) {
            modality.push("reported");
        }
        if (s
            .gram
            .iter()
            .any(|g| g.entry.class == Class::Reported && s.clause_of[g.start] == ci)
            || s.gram
                .iter()
                .any(|g| g.entry.class == Class::Reported && g.start < 3))
            && !modality.contains(&"reported")
        {
            modality.push("reported");
        }
        let future = match lang {
            Lang::It => tense_toks.iter().any(|&k| is_it_future(s.low(k))),
            Lang::En => {
                (clause.start.max(head.saturating_sub(4))..head)
                    .any(|k| s.is(k, Class::Future) && matches!(s.low(k), "will" | "'ll" | "shall"))
                    || (p.pos == Pos::Noun
                        && tense_toks
                            .iter()
                            .any(|&k| matches!(s.low(k), "will" | "'ll")))
            }
        };
        if future {
            modality.push("future");
        }
        if hyp {
            modality.push("hypothetical");
        }
        if has_condition {
            modality.push("conditional");
        }
        // Date, place, quantities.
        let date = m
            .dates
            .iter()
            .filter(|dm| s.clause_of[dm.start] == ci)
            .min_by_key(|dm| dm.start.abs_diff(head))
            .or_else(|| {
                m.dates
                    .iter()
                    .filter(|dm| {
                        let dc = s.clauses[s.clause_of[dm.start]];
                        !(dc.start..dc.end).any(|k| {
                            s.is(k, Class::Historical)
                                || s.phrase_at(k, Class::Historical).is_some()
                        })
                    })
                    .min_by_key(|dm| dm.start.abs_diff(head))
            });
        let historical = (clause.start..clause.end)
            .any(|k| s.is(k, Class::Historical) || s.phrase_at(k, Class::Historical).is_some())
            || date
                .zip(published_year)
                .is_some_and(|(dm, y)| dm.year < y && dm.value.len() == 4);
        if historical {
            modality.push("historical");
        }
        let place = m
            .places
            .iter()
            .filter(|pl| pl.locative)
            .max_by_key(|pl| {
                (
                    s.clause_of[pl.start] == ci,
                    pl.rank,
                    std::cmp::Reverse(pl.start),
                )
            })
            .map(|pl| pl.place.clone());
        let _ = near;
        let span_start = src_idx
            .iter()
            .map(|&i| m.actors[i].start)
            .filter(|&x| x < head)
            .min()
            .unwrap_or(head);
        out.push(Candidate {
            sentence: s.index,
            pattern: pidx,
            event: p.event,
            head,
            source,
            target,
            reciprocal,
            polarity,
            modality,
            attribution: None,
            date: date.map(|dm| dm.value.clone()),
            place,
            quantities: Vec::new(),
            context: p.context.clone(),
            mode: p.mode.clone(),
            span: s.span(span_start, last + 1),
        });
    }
    // Attribution: "secondo X", or a speech verb whose content holds the event.
    for c in out.iter_mut() {
        let mut attr = attribution_phrase.clone();
        for &(pos, end, speaker) in &speeches {
            let Some(sp) = speaker else { continue };
            let content_after = c.head > pos && {
                let k = end;
                k < s.toks.len()
                    && (s.is(k, Class::Subordinator)
                        || s.is(k, Class::Relative)
                        || matches!(s.raw(k), ":" | "\""))
                    || s.clause_of[c.head] != s.clause_of[pos]
                        && s.clauses[s.clause_of[c.head]].kind == ClauseKind::Content
            };
            let content_before = c.head < pos && m.actors[sp].start > pos.saturating_sub(1);
            if content_after || content_before {
                if let Side::Actors(a) = refs_of(m, &[sp], d) {
                    attr = a.into_iter().next();
                }
            }
        }
        if let (Some(a), Side::Actors(src)) = (&attr, &c.source) {
            if src.iter().any(|x| x.name == a.name) {
                attr = None;
            }
        }
        c.attribution = attr;
    }
    // Quantities and context words go to the nearest event (preferring one before them).
    if !out.is_empty() {
        for q in &m.quantities {
            let best = nearest(&out, q.start);
            out[best].quantities.push(Quantity {
                value: q.value,
                unit: q.unit.clone(),
                text: s.span_text(q.start, q.end).to_string(),
            });
        }
        let views = s.views();
        for cm in lex.contexts.find_all(views) {
            let name = &lex.context_names[*lex.contexts.value(cm.seq) as usize];
            let ci = s.clause_of[cm.start];
            let best = nearest(&out, cm.start);
            for (k, c) in out.iter_mut().enumerate() {
                if (k == best || s.clause_of[c.head] == ci) && !c.context.contains(name) {
                    c.context.push(name.clone());
                }
            }
        }
    }
    // Discourse memory: the subject of this sentence, and its last person.
    let main_subject = m.actors.iter().position(|mn| {
        mn.kind == MentionKind::Actor
            && !mn.adj_only
            && prep_before(s, mn.start).is_none()
            && s.clauses[s.clause_of[mn.start]].kind == ClauseKind::Main
    });
    if let Some(ms) = main_subject {
        if let Side::Actors(a) = refs_of(m, &m.with_group(ms), d) {
            d.last_subject = a;
        }
    }
    if let Some(p) = m
        .actors
        .iter()
        .rev()
        .find(|mn| mn.kind == MentionKind::Actor && mn.actors.iter().any(|a| a.person))
    {
        d.last_person = p.actors.first().cloned();
    }
    out
}

fn nearest(out: &[Candidate], pos: usize) -> usize {
    let mut best = 0;
    let mut best_d = usize::MAX;
    for (k, c) in out.iter().enumerate() {
        let dist = if c.head <= pos {
            pos - c.head
        } else {
            (c.head - pos) * 2
        };
        if dist < best_d {
            best_d = dist;
            best = k;
        }
    }
    best
}

fn antecedent(s: &Sentence, m: &Mentions, clause_start: usize) -> Option<usize> {
    let mut k = clause_start;
    while k > 0 && (s.raw(k - 1) == "," || s.is_punct(k - 1)) {
        k -= 1;
    }
    m.actors
        .iter()
        .position(|mn| mn.end == k && mn.kind != MentionKind::Parties)
}

impl Side {
    fn into_actors(self) -> Option<ActorRef> {
        match self {
            Side::Actors(a) => a.into_iter().next(),
            _ => None,
        }
    }
}

fn is_it_conditional(w: &str) -> bool {
    w.len() > 5
        && (w.ends_with("rebbe")
            || w.ends_with("rebbero")
            || w.ends_with("remmo")
            || w.ends_with("reste"))
}

fn is_it_future(w: &str) -> bool {
    (w.chars().count() > 3 && (w.ends_with("rà") || w.ends_with("rò")))
        || (w.len() > 6 && w.ends_with("ranno") && w != "tiranno")
}
