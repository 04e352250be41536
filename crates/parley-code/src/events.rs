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
    loop {
        while k > 0 && (s.is(k - 1, Class::Determiner) || s.is(k - 1, Class::Both)) {
            k -= 1;
        }
        // "decine di migliaia di studenti": a quantity before "di" is no preposition of the
        // actor (Italian forms only)
        if k >= 2
            && matches!(s.low(k - 1), "di" | "dei" | "degli" | "delle")
            && (s.is(k - 2, Class::Determiner)
                || s.toks[k - 2].kind == parley_text::TokenKind::Number)
        {
            k -= 2;
            continue;
        }
        // the same in English: "thousands of Nigerians", "a group of Moroccan diplomats"
        if k >= 2
            && s.low(k - 1) == "of"
            && (s.is(k - 2, Class::Determiner)
                || s.toks[k - 2].kind == parley_text::TokenKind::Number
                || matches!(
                    s.low(k - 2),
                    "group" | "groups" | "number" | "majority" | "members" | "scores" | "tens"
                ))
        {
            k -= 2;
            continue;
        }
        break;
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
    // "Iran's religious leader Ayatollah …": a bare title right after a named actor is
    // that actor
    best.map(|b| {
        let named = |mn: &crate::mentions::Mention| mn.actors.iter().any(|a| a.code.is_some());
        if named(&m.actors[b]) {
            return b;
        }
        m.actors
            .iter()
            .position(|mn| mn.end == m.actors[b].start && named(mn) && !mn.adj_only)
            .filter(|&p| prep_before(s, m.actors[p].start).is_none())
            .map_or(b, |p| m.with_group(p)[0])
    })
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
    // Italian "ha condannato la decisione dell'Opec", "ha bombardato obiettivi di Hezbollah":
    // the direct object's "di X" names who is acted on
    let italian_of = matches!(
        s.low(k),
        "di" | "del" | "della" | "dello" | "dell'" | "dei" | "degli" | "delle"
    );
    let direct_object = italian_of
        && j > 0
        && !s.is_punct(j - 1)
        && ![
            Class::RecipientPrep,
            Class::GenitivePrep,
            Class::LocPrep,
            Class::OtherPrep,
            Class::AgentPrep,
            Class::Between,
        ]
        .iter()
        .any(|&c| s.is(j - 1, c));
    j > 0 && (direct_object || s.is(j - 1, Class::RecipientPrep) && !s.is(j - 1, Class::LocPrep))
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
    // "Se Hamas non libererà …, Israele riprenderà …": a sentence that opens with a
    // condition has it in its first clause (the clause cutter opens clauses after token 0)
    let opens_with_condition = !s.toks.is_empty()
        && (s.is(0, Class::ConditionalConj) || s.phrase_at(0, Class::ConditionalConj).is_some())
        && s.clauses.len() > 1;
    let has_condition =
        opens_with_condition || s.clauses.iter().any(|c| c.kind == ClauseKind::Condition);
    // Speech verbs: speaker and where the reported content lies.
    let mut speeches: Vec<(usize, usize, Option<usize>)> = Vec::new(); // (pos, end, speaker mention)
    for g in s.gram.iter().filter(|g| g.entry.class == Class::Speech) {
        if heads.contains(&g.start) {
            continue;
        }
        let c = s.clause_of[g.start];
        // inverted: "ha dichiarato Trump", "said Smith", "scrive il quotidiano Kommersant"
        let inverted = m.actors.iter().position(|mn| {
            mn.start >= g.end
                && (mn.start <= g.end + 1
                    || lang == Lang::It
                        && mn.start <= g.end + 3
                        && (g.end..mn.start).all(|k| {
                            s.is(k, Class::Determiner)
                                || (s.class_mask[k] == 0 && !s.toks[k].cap && !s.is_punct(k))
                        }))
                && mn.kind == MentionKind::Actor
                && prep_before(s, mn.start).is_none()
        });
        // "…, ha annunciato Donald Trump": a speech verb opening the clause after a comma
        // has its speaker after it, not the subject of the clause before
        let cl = s.clauses[c];
        let opens_clause = lang == Lang::It
            && cl.start > 0
            && s.raw(cl.start - 1) == ","
            && !m
                .actors
                .iter()
                .any(|mn| mn.start >= cl.start && mn.end <= g.start);
        let mut speaker = if opens_clause && inverted.is_some() {
            inverted
        } else {
            subject_left(s, m, g.start, c, false)
        };
        if speaker.is_none() {
            speaker = inverted;
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

    let mut verb_subjects: Vec<VerbSubject> = Vec::new();
    // heads of the triggers that made a candidate so far
    let mut emitted: Vec<usize> = Vec::new();
    for (ti, t) in trig.iter().enumerate() {
        let pidx = *lex.events.value(t.seq) as usize;
        let p: &EventPattern = &lex.patterns[pidx];
        let head = t.positions[0];
        let last = *t.positions.last().unwrap_or(&head);
        let p_pos = eff_pos(lang, p, s, head);
        // (a pattern that starts on a role and goes on past it, "soldati nordcoreani sono
        // stati inviati", is an event about that actor)
        let head_actor = m
            .actor_at(head)
            .filter(|&a| m.actors[a].kind == MentionKind::Actor);
        let beyond = head_actor.is_some_and(|a| {
            lang == Lang::It
                && p.words > 1
                && last >= m.actors[a].end
                && m.actors[a].actors.iter().all(|x| x.role.is_some())
        });
        if (head_actor.is_some() && !beyond)
            || m.places.iter().any(|pl| pl.start <= head && head < pl.end)
        {
            continue; // the word is part of a name ("Consiglio di sicurezza")
        }
        let ci = s.clause_of[head];
        let clause = s.clauses[ci];
        if clause.kind == ClauseKind::Condition || (opens_with_condition && ci == 0) {
            continue; // "se rifiuterà": a condition, not an event
        }
        // Embedded: an infinitive or noun governed by an earlier event verb is its content.
        let governed = heads[..ti].iter().enumerate().any(|(k, &h)| {
            let gp = &lex.patterns[*lex.events.value(trig[k].seq) as usize];
            if eff_pos(lang, gp, s, h) != Pos::Verb || h >= head {
                return false;
            }
            // "30 persone sono state uccise in un bombardamento israeliano": a verb that
            // made no event (no actor) governs nothing
            if lang == Lang::It && !emitted.contains(&h) {
                return false;
            }
            let between_hard =
                (h..head).any(|x| s.is_punct(x) && matches!(s.raw(x), ";" | ":" | "(" | ")"));
            if between_hard {
                return false;
            }
            match p_pos {
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
                    // ("promisero di non schierare": the negated infinitive is content too)
                    while k2 > 0
                        && (s.is(k2 - 1, Class::AuxPerfect)
                            || matches!(s.low(k2 - 1), "not" | "non"))
                    {
                        k2 -= 1;
                    }
                    k2 > 0
                        && (s.is(k2 - 1, Class::Complement) || s.is(k2 - 1, Class::Purpose))
                        && head - h <= if lang == Lang::En { 12 } else { 8 }
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
                    eff_pos(
                        lang,
                        &lex.patterns[*lex.events.value(trig[k].seq) as usize],
                        s,
                        h,
                    ) == Pos::Verb
                        && h < opener
                        && opener - h <= 6
                })
        };
        // "fa pressione sulla Serbia perché si allinei alle sanzioni": what is asked for
        let governed = governed || {
            let opener = clause.start;
            lang == Lang::It
                && clause.kind == ClauseKind::Other
                && matches!(s.low(opener), "perché" | "affinché")
                && heads[..ti].iter().enumerate().any(|(k, &h)| {
                    lex.patterns[*lex.events.value(trig[k].seq) as usize].event == "REQUEST"
                        && h < opener
                        && opener - h <= 8
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
        // English gerund after a preposition ("suspected of blowing up", "aimed at
        // establishing", "before allowing"): the content of another word, not an event told
        let gerund = lang == Lang::En
            && p_pos == Pos::Verb
            && head > 0
            && s.low(head).ends_with("ing")
            && matches!(
                s.low(head - 1),
                "of" | "for"
                    | "at"
                    | "about"
                    | "in"
                    | "on"
                    | "without"
                    | "before"
                    | "against"
                    | "toward"
                    | "towards"
                    | "from"
            );
        // "Kyiv must withdraw": the verb after a demand's modal is what is demanded
        let after_modal = lang == Lang::En
            && heads[..ti]
                .iter()
                .any(|&h| h < head && head - h <= 3 && is_demand_modal(s, h));
        // "who asked not to be named": a source's anonymity, not a request
        if lang == Lang::En
            && p.event == "REQUEST"
            && (head + 1..head + 4).all(|k| k < s.toks.len())
            && s.low(head + 1) == "not"
            && s.low(head + 2) == "to"
            && s.low(head + 3) == "be"
        {
            continue;
        }
        // "Jordan's visiting King": an -ing form between a possessive or article and an
        // actor describes that actor
        if lang == Lang::En
            && p_pos == Pos::Verb
            && head > 0
            && s.low(head).ends_with("ing")
            && (s.low(head - 1) == "'s" || s.is(head - 1, Class::Determiner))
            && m.actors.iter().any(|mn| mn.start == head + 1)
        {
            continue;
        }
        let governed = governed || gerund || after_modal;
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
        // ("Gli Stati Uniti invieranno": a word inside a name is no auxiliary)
        let aux_before = (clause.start.max(head.saturating_sub(3))..head)
            .any(|k| s.is(k, Class::AuxPassive) && m.actor_at(k).is_none());
        let perfect_before =
            (clause.start.max(head.saturating_sub(3))..head).any(|k| s.is(k, Class::AuxPerfect));
        // (Italian: "donate al Sudan dall'Arabia Saudita", a recipient may come first)
        let agent_reach = if lang == Lang::It { 6 } else { 3 };
        let agent = m.actors.iter().position(|mn| {
            mn.start > last
                && mn.start <= last + agent_reach
                && (mn.start <= last + 3 || (last + 1..mn.start).all(|k| !s.is_punct(k)))
                && prep_before(s, mn.start) == Some(Class::AgentPrep)
                && !mn.adj_only
        });
        let strong_passive_aux = (clause.start.max(head.saturating_sub(3))..head).any(|k| {
            m.actor_at(k).is_none()
                && matches!(
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
        // English "rejected calls by X": "by" after the verb's object noun is no agent
        let agent_passive = agent.is_some()
            && (lang != Lang::En
                || agent.is_some_and(|a| {
                    (p.words == 1 || last == head + 1)
                        && (last + 1..m.actors[a].start)
                            .all(|k| s.is(k, Class::AgentPrep) || s.is(k, Class::Determiner))
                }));
        // "has been indicted": the perfect of a passive is still a passive
        let been = lang == Lang::En && head > 0 && matches!(s.low(head - 1), "been" | "being");
        // "are demanding": an English progressive, not a passive
        let progressive = lang == Lang::En
            && (s.low(head).ends_with("ing")
                // "is ready to", "is opposed to": adjectives, not passives
                || matches!(
                    s.low(head),
                    "ready"
                        | "willing"
                        | "prepared"
                        | "opposed"
                        | "determined"
                        | "committed"
                        | "eager"
                        | "keen"
                        | "open"
                        | "unwilling"
                        | "reluctant"
                ));
        let passive = p_pos == Pos::Verb
            && !progressive
            && (!perfect_before || been)
            && (agent_passive || strong_passive_aux || (aux_before && lang == Lang::En));
        if p_pos == Pos::Verb
            && p.no_attributive
            && !aux_before
            && !perfect_before
            && (agent_passive || bare_participle(s, m, head, &heads))
        {
            continue; // "regioni occupate dalle truppe russe": a state, not an event
        }
        if p.passive_only && !passive {
            continue;
        }
        // Italian "alle popolazioni colpite dal terremoto": a participle on a noun, with no
        // actor as agent, says nothing about who acted
        if lang == Lang::It
            && p_pos == Pos::Verb
            && !aux_before
            && !perfect_before
            && agent.is_none()
            && bare_participle(s, m, head, &heads)
        {
            continue;
        }
        // Source and target.
        let mut source = Side::Unknown;
        let mut target = Side::Unknown;
        let mut src_idx: Vec<usize> = Vec::new();
        let mut reciprocal = p.reciprocal || matches!(p.event, "AGREE" | "CONSULT" | "COOPERATE");
        // a noun event's actor named by the noun itself (adjective, "di X", "tra X e Y")
        let mut noun_own_actor = false;
        let coordinated = p_pos == Pos::Verb && shares_subject(lang, s, head);
        match p_pos {
            Pos::Verb => {
                if passive {
                    if let Some(a) = agent {
                        src_idx = m.with_group(a);
                        source = refs_of(m, &src_idx, d);
                    } else if lang == Lang::It {
                        // "ucciso in un raid attribuito a Israele", "rivendicato da Hamas"
                        if let Some(a) = claimed_by(s, m, head, clause.end) {
                            src_idx = m.with_group(a);
                            source = refs_of(m, &src_idx, d);
                        }
                    }
                    if let Some(sj) = subject_left(s, m, head, ci, false) {
                        target = refs_of(m, &m.with_group(sj), d);
                    } else if lang == Lang::It {
                        // "sono state donate al Sudan": the recipient after the verb
                        if let Some(tg) =
                            target_right(s, m, last + 1, clause.end, false, false, &src_idx)
                        {
                            if prep_before(s, m.actors[tg].start) == Some(Class::RecipientPrep) {
                                target = refs_of(m, &m.with_group(tg), d);
                            }
                        }
                    }
                } else if let Some(prev) = coordinated
                    .then(|| verb_subjects.iter().rev().find(|v| v.head < head))
                    .flatten()
                {
                    // "X accused Y of … and rejected Z", "X struck Y, killing …": the
                    // earlier verb's subject, not its object
                    src_idx = prev.src_idx.clone();
                    source = prev.source.clone();
                } else {
                    let sj = if coordinated {
                        first_subject(s, m, head)
                    } else {
                        subject_left(s, m, head, ci, false)
                    }
                    .or_else(|| {
                        if clause.kind == ClauseKind::Relative {
                            antecedent(s, m, clause.start)
                        } else {
                            None
                        }
                    });
                    let sj = if lang == Lang::En {
                        sj.map(|x| en_apposition_head(s, m, x))
                    } else {
                        sj
                    };
                    // "Niger said it will expel …", "the farmers said they would …": the
                    // pronoun subject of reported speech is its speaker
                    let sj = match sj {
                        Some(x) if m.actors[x].kind == MentionKind::Actor => Some(x),
                        _ if lang == Lang::En && en_pronoun_before(s, head) => {
                            speaker_for(s, m, &speeches, head)
                                .filter(|&sp| m.actors[sp].start < head)
                                .or(sj)
                        }
                        _ => sj,
                    };
                    if let Some(sj) = sj {
                        src_idx = m.with_group(sj);
                        source = refs_of(m, &src_idx, d);
                    }
                }
                if !passive {
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
                    if lang == Lang::En && !has_code(&target) {
                        if let Some(tg) = en_object_target(s, m, p.event, head, last, &src_idx) {
                            target = refs_of(m, &m.with_group(tg), d);
                        } else if let Some(obj) = tg {
                            // "sent tanks to Ukraine": the named recipient, not the thing sent
                            let to = m.actors.iter().position(|mn| {
                                mn.start >= m.actors[obj].end
                                    && mn.start <= m.actors[obj].end + 3
                                    && mn.start < clause.end
                                    && (prep_before(s, mn.start) == Some(Class::RecipientPrep)
                                        // "recalled its ambassador from X"
                                        || (matches!(p.event, "SANCTION" | "RETREAT")
                                            && s.low(mn.start - 1) == "from"))
                                    && mn.actors.iter().any(|x| x.code.is_some())
                            });
                            // "mobilized reservists for a possible war against Iraq"
                            let against = || {
                                m.actors.iter().position(|mn| {
                                    mn.start > m.actors[obj].end
                                        && mn.start < clause.end
                                        && s.low(mn.start - 1) == "against"
                                        && mn.actors.iter().any(|x| x.code.is_some())
                                })
                            };
                            let to = to.or_else(|| {
                                matches!(
                                    p.event,
                                    "ASSAULT" | "THREATEN" | "MOBILIZE" | "SANCTION" | "COERCE"
                                )
                                .then(against)
                                .flatten()
                            });
                            if let Some(to) = to {
                                target = refs_of(m, &m.with_group(to), d);
                            }
                        }
                    }
                }
                if lang == Lang::En && p.event == "REQUEST" && is_demand_modal(s, head) {
                    // "the Kremlin said Kyiv must withdraw": a demand by the speaker on the
                    // modal's subject; without a speaker it is the writer's opinion
                    let Some(sp) = speaker_for(s, m, &speeches, head) else {
                        continue;
                    };
                    target = source;
                    src_idx = m.with_group(sp);
                    source = refs_of(m, &src_idx, d);
                    let codes = |x: &Side| -> Vec<String> {
                        match x {
                            Side::Actors(a) => a.iter().filter_map(|y| y.code.clone()).collect(),
                            _ => Vec::new(),
                        }
                    };
                    if codes(&target).is_empty()
                        || codes(&source).is_empty()
                        || codes(&target) == codes(&source)
                    {
                        continue; // "Russia said it must respond": no demand on another
                    }
                }
                // a verb sharing the subject of an earlier event verb of the same type tells
                // the same happening ("killed one soldier and wounded two others")
                let same = coordinated
                    .then(|| {
                        verb_subjects
                            .iter()
                            .rev()
                            .find(|v| v.head < head)
                            .filter(|v| v.event == p.event)
                            .map(|v| v.out)
                    })
                    .flatten();
                verb_subjects.push(VerbSubject {
                    head,
                    // the grammatical subject: a passive verb's is its recipient
                    source: if passive {
                        target.clone()
                    } else {
                        source.clone()
                    },
                    src_idx: if passive { Vec::new() } else { src_idx.clone() },
                    event: p.event,
                    out: same.flatten(),
                });
                if let Some(prev) = same {
                    if let Some(prev) = prev.and_then(|k| out.get_mut(k)) {
                        if prev.target == Side::Unknown {
                            prev.target = target;
                        }
                    }
                    continue;
                }
            }
            Pos::Noun => {
                // "tra X e Y" / "between X and Y" right after the noun
                // ("cooperazione sempre più stretta tra X e Y": a few words may intervene)
                let between = m.groups.iter().position(|g| {
                    let st = m.actors[g.members[0]].start;
                    g.between
                        && st > head
                        && st <= last + 6
                        && (last + 1..st).all(|k| !s.is_punct(k) && !heads.contains(&k))
                });
                if let Some(g) = between {
                    noun_own_actor = true;
                    let members = m.groups[g].members.clone();
                    source = refs_of(m, &members, d);
                    target = source.clone();
                    reciprocal = true;
                    src_idx = members;
                } else {
                    // adjectives and possessives next to the noun
                    let adj_after = m.actors.iter().position(|mn| {
                        // an actor inside the pattern's own words ("attacco con droni russi")
                        (mn.start > head
                            && mn.start <= last
                            && mn.end > last
                            && mn.actors.iter().any(|a| a.code.is_some()))
                            || mn.start == last + 1
                                && (mn.adj_only
                                    || lang == Lang::It
                                    && mn.kind == MentionKind::Actor
                                    && prep_before(s, mn.start).is_none()
                                    // "mobilitazione generale": a role word as adjective
                                    && mn.actors.iter().any(|a| a.code.is_some()))
                    });
                    let adj_before = m.actors.iter().position(|mn| {
                        // (Italian "ha dato a Hamas un ultimatum": an article is no possessive)
                        (mn.end == head
                            || (mn.end + 1 == head
                                && (s.low(mn.end) == "'s"
                                    || lang == Lang::En && s.is(mn.end, Class::Determiner)))
                            || (mn.end + 2 == head && s.low(mn.end) == "'s"))
                            && mn.kind == MentionKind::Actor
                    });
                    if let Some(a) = adj_after.or(adj_before).or(head_actor.filter(|_| beyond)) {
                        noun_own_actor = true;
                        src_idx = m.with_group(a);
                        source = refs_of(m, &src_idx, d);
                    }
                    // "nessun missile è stato lanciato dallo Yemen": a participle's agent
                    if source == Side::Unknown && lang == Lang::It {
                        if let Some(a) = m.actors.iter().position(|mn| {
                            mn.start > last
                                && mn.start <= last + 3
                                && prep_before(s, mn.start) == Some(Class::AgentPrep)
                                && !mn.adj_only
                        }) {
                            src_idx = m.with_group(a);
                            source = refs_of(m, &src_idx, d);
                        }
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
                        // "aiuti dell'Onu", "sanzioni dell'Ue": who gives or imposes; but
                        // "invasione dell'Ucraina": who is attacked
                        let agentive = lang == Lang::It
                            && matches!(p.event, "AID" | "SANCTION" | "THREATEN" | "REQUEST");
                        if gen && (!directed || agentive) && source == Side::Unknown {
                            noun_own_actor = true;
                            src_idx = m.with_group(tg);
                            source = refs_of(m, &src_idx, d);
                        } else if m.actors[tg].start <= last + 6 {
                            target = refs_of(m, &m.with_group(tg), d);
                        }
                    }
                    if source == Side::Unknown && !noun_complement(s, head) {
                        // "la Russia ha lanciato la sua invasione": the clause's subject
                        if let Some(sj) = subject_left(s, m, head, ci, false) {
                            src_idx = m.with_group(sj);
                            source = refs_of(m, &src_idx, d);
                            // "Israele ha dato a Hamas un ultimatum": "a X" before the noun
                            let sj_end = m.actors[sj].end;
                            if lang == Lang::It && target == Side::Unknown {
                                if let Some(r) = m.actors.iter().position(|mn| {
                                    mn.start > sj_end
                                        && mn.end <= head
                                        && s.clause_of[mn.start] == ci
                                        && mn.actors.iter().any(|a| a.code.is_some())
                                        && prep_before(s, mn.start) == Some(Class::RecipientPrep)
                                        && !mn.loc_ambiguous
                                }) {
                                    target = refs_of(m, &m.with_group(r), d);
                                }
                            }
                        }
                    }
                }
            }
        }
        // Italian recipients: a role word without a country ("aiuti militari") gives way to a
        // coded recipient after it; a capital after "a" is where a meeting or protest took
        // place ("ha incontrato a Abu Dhabi il presidente azero"), kept as the event's place.
        let mut place_from_capital: Option<usize> = None;
        // Dropped subject (Italian) and pronoun subjects: the discourse's last subject.
        if source == Side::Unknown
            && p_pos == Pos::Verb
            && !passive
            && lang == Lang::It
            && clause.kind != ClauseKind::Content
            && !d.last_subject.is_empty()
        {
            source = Side::Actors(d.last_subject.clone());
        }
        if lang == Lang::It && !passive && source != Side::Unknown {
            let (from, noun) = match p_pos {
                Pos::Verb => (head + 1, p.words > 1),
                Pos::Noun => (last + 1, it_directed(p.event)),
            };
            let visit = p.mode.iter().any(|x| x == "visit");
            let from_capital = m.actors.iter().any(|mn| {
                mn.loc_ambiguous && mn.start >= from && Side::Actors(mn.actors.clone()) == target
            });
            // (a meeting's recipient of the subject's own country may be its seat)
            let own_target = p.event == "CONSULT"
                && matches!((&target, &source), (Side::Actors(t), Side::Actors(sa))
                    if t.iter().all(|x| x.code.is_some() && sa.iter().any(|y| y.code == x.code)));
            if !has_code(&target) || from_capital || own_target {
                let (tg, skipped) =
                    it_target(s, m, p.event, visit, from, clause.end, noun, &src_idx);
                place_from_capital = skipped;
                if from_capital && skipped.is_some() {
                    target = Side::Unknown;
                }
                if let Some(tg) = tg {
                    if p_pos == Pos::Verb || m.actors[tg].start <= last + 6 {
                        target = refs_of(m, &m.with_group(tg), d);
                    }
                }
            }
            // "ha richiamato il suo ambasciatore da Tel Aviv", "si è ritirato da Gaza"
            if !has_code(&target) && p_pos == Pos::Verb && matches!(p.event, "SANCTION" | "RETREAT")
            {
                let from_x = m.actors.iter().enumerate().find(|(i, mn)| {
                    mn.start > head
                        && mn.start < clause.end
                        && !src_idx.contains(i)
                        && prep_before(s, mn.start) == Some(Class::AgentPrep)
                        && mn.actors.iter().any(|x| x.code.is_some())
                });
                if let Some((a, _)) = from_x {
                    target = refs_of(m, &m.with_group(a), d);
                }
            }
            // "gli ha chiesto", "le ha promesso": the clitic stands for the last person named
            if !has_code(&target) && p_pos == Pos::Verb {
                let mut k = head;
                while k > 0 && (s.is(k - 1, Class::AuxPerfect) || s.is(k - 1, Class::AuxPassive)) {
                    k -= 1;
                }
                let clitic = k > 0 && matches!(s.low(k - 1), "gli" | "le") && k < head;
                if clitic {
                    if let Some(p) = &d.last_person {
                        let own = matches!(&source, Side::Actors(a) if a.iter().any(|x| x.name == p.name));
                        if !own {
                            target = Side::Actors(vec![p.clone()]);
                        }
                    }
                }
            }
            // "Erevan e Baku hanno siglato un accordo alla Casa Bianca": the parties of a
            // compound subject act on each other; only "con X" names another party
            let codes: std::collections::BTreeSet<&str> = match &source {
                Side::Actors(a) => a.iter().filter_map(|x| x.code.as_deref()).collect(),
                _ => Default::default(),
            };
            if reciprocal && (codes.len() >= 2 || src_idx.len() >= 2) && has_code(&target) {
                let con = m.actors.iter().any(|mn| {
                    Side::Actors(mn.actors.clone()) == target
                        && mn.start > 0
                        && matches!(s.low(mn.start - 1), "con" | "col" | "coi")
                        || mn.start > 1
                            && s.is(mn.start - 1, Class::Determiner)
                            && matches!(s.low(mn.start - 2), "con" | "col" | "coi")
                });
                if !con {
                    target = Side::Unknown;
                }
            }
        }
        if source == Side::Parties {
            target = Side::Parties;
            reciprocal = true;
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
                // (Italian: "il governo di Kinshasa e i ribelli dell'M23", one country)
                if codes.len() >= 2 || (lang == Lang::It && a.len() >= 2 && !codes.is_empty()) {
                    target = source.clone();
                }
            }
        }
        if lang == Lang::En {
            en_fill_codes(
                s,
                m,
                ci,
                head,
                p.event,
                p_pos == Pos::Verb,
                &mut source,
                &mut target,
            );
        }
        if source == Side::Unknown && !reciprocal {
            continue;
        }
        // Polarity.
        let mut win_start = clause.start.max(head.saturating_sub(6));
        if lang == Lang::It && p_pos == Pos::Noun && noun_own_actor {
            // "Mosca non ha risposto all'offerta di Kiev": the verb's negation is not the
            // noun's when the noun has an actor of its own; "nessun accordo" still is
            let mut k = head;
            while k > 0 && (s.is(k - 1, Class::Determiner) || s.is(k - 1, Class::Negation)) {
                k -= 1;
            }
            win_start = win_start.max(k);
        }
        let negated = (win_start..head).any(|k| {
            (s.is(k, Class::Negation) || s.phrase_at(k, Class::Negation).is_some_and(|e| e <= head))
                && s.phrase_covering(k, Class::NegationException).is_none()
        }) || (p_pos == Pos::Noun
            && (last + 1..(last + 2).min(s.toks.len())).any(|k| s.low(k) == "no"))
            || (lang == Lang::It && p_pos == Pos::Noun && noun_negated(s, head, last, &heads));
        let polarity = if negated {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        // Modality.
        let mut modality: Vec<&'static str> = Vec::new();
        let near = |k: usize| k >= clause.start && k + 4 >= head && k <= head;
        let tense_toks: Vec<usize> = match p_pos {
            Pos::Verb => (clause.start.max(head.saturating_sub(3))..=head).collect(),
            Pos::Noun => (clause.start..clause.end).collect(),
        };
        let hyp =
            (clause.start.max(head.saturating_sub(4))..head).any(|k| s.is(k, Class::Hypothetical));
        if !hyp && lang == Lang::It && tense_toks.iter().any(|&k| is_it_conditional(s.low(k))) {
            modality.push("reported");
        }
        if (s.has_phrase(Class::Reported)
            && s.gram.iter().any(|g| {
                g.entry.class == Class::Reported && (s.clause_of[g.start] == ci || g.start < 3)
            }))
            && !modality.contains(&"reported")
        {
            modality.push("reported");
        }
        let future = match lang {
            Lang::It => tense_toks.iter().any(|&k| is_it_future(s.low(k))),
            Lang::En => {
                (clause.start.max(head.saturating_sub(4))..head)
                    .any(|k| s.is(k, Class::Future) && matches!(s.low(k), "will" | "'ll" | "shall"))
                    || (p_pos == Pos::Noun
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
        // "per la prima volta dal 2022": a date after "dal" tells since when, not when
        let since = |dm: &&crate::mentions::DateMention| {
            lang == Lang::It
                && dm.start > 0
                && matches!(
                    s.low(dm.start - 1),
                    "dal" | "dall'" | "da" | "dai" | "dalla"
                )
        };
        let date = m
            .dates
            .iter()
            .filter(|dm| s.clause_of[dm.start] == ci && !since(dm))
            .min_by_key(|dm| dm.start.abs_diff(head))
            .or_else(|| {
                m.dates
                    .iter()
                    .filter(|dm| {
                        let dc = s.clauses[s.clause_of[dm.start]];
                        if since(dm) {
                            return false;
                        }
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
                // a bare earlier year, or any date two years back or more
                .is_some_and(|(dm, y)| dm.year < y && (dm.value.len() == 4 || dm.year + 2 <= y));
        if historical {
            modality.push("historical");
        }
        // a capital passed over as recipient ("ha incontrato ad Ankara") is the place
        let capital_place = place_from_capital
            .and_then(|a| m.places.iter().find(|pl| pl.start == m.actors[a].start));
        let place = m
            .places
            .iter()
            .filter(|pl| pl.locative || capital_place.is_some_and(|c| c.start == pl.start))
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
        if let Some(v) = verb_subjects.last_mut().filter(|v| v.head == head) {
            v.out = Some(out.len());
        }
        // "it will boycott the elections unless the president steps down": a harmful act
        // announced under a condition is a threat to the one the condition is put to
        let (mut pidx, mut event) = (pidx, p.event);
        if lang == Lang::En
            && future
            && p_pos == Pos::Verb
            && matches!(
                p.event,
                "PROTEST" | "SANCTION" | "COERCE" | "ASSAULT" | "RETREAT" | "REJECT"
            )
        {
            let unless = s.clauses.iter().find(|c| {
                c.kind == ClauseKind::Condition && c.start > head && s.low(c.start) == "unless"
            });
            let threat = lex
                .patterns
                .iter()
                .position(|x| x.id == "en.threaten.unless");
            if let (Some(c), Some(tp)) = (unless, threat) {
                pidx = tp;
                event = lex.patterns[tp].event;
                if !has_code(&target) {
                    if let Some(t) = m.actors.iter().position(|mn| {
                        mn.start > c.start
                            && mn.start <= c.start + 4
                            && mn.start < c.end
                            && !mn.adj_only
                            && prep_before(s, mn.start).is_none()
                            && mn.actors.iter().any(|x| x.code.is_some())
                    }) {
                        target = refs_of(m, &m.with_group(t), d);
                    }
                }
            }
        }
        emitted.push(head);
        out.push(Candidate {
            sentence: s.index,
            pattern: pidx,
            event,
            head,
            source,
            target,
            reciprocal,
            polarity,
            modality,
            attribution: None,
            // "sciopereranno giovedì": the coming Thursday
            date: date.map(|dm| match (&dm.ahead, future) {
                (Some(a), true) => a.clone(),
                _ => dm.value.clone(),
            }),
            place,
            quantities: Vec::new(),
            context: p.context.clone(),
            mode: lex.patterns[pidx].mode.clone(),
            span: s.span(span_start, last + 1),
        });
    }
    // Places give missing recipients and countries (after governed content had its say)
    if lang == Lang::It {
        for c in out.iter_mut() {
            place_roles(
                s,
                m,
                c.event,
                c.head,
                &mut c.source,
                &mut c.target,
                c.reciprocal,
            );
        }
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
        lex.contexts.each_span(views, |seq, start, _| {
            let name = &lex.context_names[*lex.contexts.value(seq) as usize];
            let ci = s.clause_of[start];
            let best = nearest(&out, start);
            for (k, c) in out.iter_mut().enumerate() {
                if (k == best || s.clause_of[c.head] == ci) && !c.context.contains(name) {
                    c.context.push(name.clone());
                }
            }
        });
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

/// A participle standing as an adjective after a noun or article, without auxiliary:
/// "i territori occupati", "le regioni annesse", "the occupied territories".
fn bare_participle(s: &Sentence, m: &Mentions, head: usize, heads: &[usize]) -> bool {
    if head == 0 {
        return false;
    }
    let prev = head - 1;
    if s.is(prev, Class::Determiner) && !s.is(prev, Class::PronounGroup) {
        return true;
    }
    let w = s.low(head);
    let participle = [
        "ato", "ata", "ati", "ate", "uto", "uta", "uti", "ute", "esso", "essa", "essi", "esse",
        "aso", "asa", "asi", "ase", "utto", "utta", "utti", "utte", "ito", "ita", "iti", "ite",
    ]
    .iter()
    .any(|x| w.ends_with(x));
    // unambiguous participle endings (not passato remoto forms like "invase", "annesse",
    // nor presents like "rifiuta", "invita", "visita")
    let strong = [
        "ato", "ati", "ate", "uto", "uti", "ute", "ito", "iti", "ite",
    ]
    .iter()
    .any(|x| w.ends_with(x));
    let t = &s.toks[prev];
    let actor = m.actor_at(prev);
    participle
        && t.kind == parley_text::TokenKind::Word
        && !heads.contains(&prev)
        && match actor {
            // "due diplomatici britannici accusati di spionaggio"
            Some(a) if strong => m.actors[a].kind == MentionKind::Actor,
            // "le popolazioni colpite": a role word without a country is a plain noun here
            Some(a) => !t.cap && m.actors[a].actors.iter().all(|x| x.code.is_none()),
            None => !t.cap && s.class_mask[prev] == 0,
        }
}

/// "un raid attribuito a Israele", "un attacco rivendicato dall'Isis": who is held to be
/// the author of an event told in the passive without an agent.
fn claimed_by(s: &Sentence, m: &Mentions, head: usize, clause_end: usize) -> Option<usize> {
    let end = clause_end.min(s.toks.len());
    let k = (head + 1..end).find(|&k| {
        let w = s.low(k);
        w.starts_with("attribuit") || w.starts_with("rivendicat")
    })?;
    m.actors.iter().position(|mn| {
        mn.start > k
            && mn.start <= k + 3
            && mn.actors.iter().any(|a| a.code.is_some())
            && matches!(
                prep_before(s, mn.start),
                Some(Class::RecipientPrep | Class::AgentPrep)
            )
    })
}

/// "Il vertice tra Trump e Putin non si terrà": a noun subject whose verb of taking place
/// is negated.
fn noun_negated(s: &Sentence, head: usize, last: usize, heads: &[usize]) -> bool {
    let ci = s.clause_of[head];
    let c = s.clauses[ci];
    // the noun must come before the clause's verb
    if (c.start..head)
        .any(|k| s.is(k, Class::AuxPerfect) || s.is(k, Class::AuxPassive) || heads.contains(&k))
    {
        return false;
    }
    let end = c.end.min(s.toks.len());
    let Some(q) = (last + 1..end)
        .take_while(|k| !heads.contains(k))
        .find(|&k| {
            s.is(k, Class::Negation) && s.phrase_covering(k, Class::NegationException).is_none()
        })
    else {
        return false;
    };
    const HAPPEN: [&str; 14] = [
        "terr",
        "tien",
        "tenut",
        "svol",
        "avver",
        "avvien",
        "luogo",
        "raggiun",
        "firmat",
        "ripres",
        "inizi",
        "concretizz",
        "materializz",
        "partit",
    ];
    (q + 1..(q + 5).min(end)).any(|k| {
        let w = s.low(k);
        matches!(w, "ci" | "c'") || HAPPEN.iter().any(|h| w.starts_with(h))
    })
}

/// Event types whose noun events name their recipient after the noun ("attacco contro X").
fn it_directed(event: &str) -> bool {
    matches!(
        event,
        "ASSAULT" | "COERCE" | "SANCTION" | "THREATEN" | "ACCUSE" | "AID" | "REQUEST"
    )
}

/// Event types for which "a X" names who is acted on (chiedere a, inviare a, promettere a).
fn a_recipient(event: &str, visit: bool) -> bool {
    visit
        || !matches!(
            event,
            "CONSULT" | "PROTEST" | "MOBILIZE" | "ASSAULT" | "COERCE"
        )
}

/// The first coded recipient after `from` (a code-less role only when nothing better
/// follows), and the capital after "a" passed over as a place.
#[allow(clippy::too_many_arguments)]
fn it_target(
    s: &Sentence,
    m: &Mentions,
    event: &str,
    visit: bool,
    from: usize,
    clause_end: usize,
    noun: bool,
    exclude: &[usize],
) -> (Option<usize>, Option<usize>) {
    let mut excl = exclude.to_vec();
    let (mut fallback, mut place) = (None, None);
    // "ha ricevuto a Pechino" said of a Chinese minister: the capital is the place
    let own: Vec<&str> = exclude
        .iter()
        .flat_map(|&i| m.actors[i].actors.iter().filter_map(|a| a.code.as_deref()))
        .collect();
    for _ in 0..6 {
        let Some(tg) = target_right_ext(s, m, from, clause_end, noun, false, &excl, visit) else {
            break;
        };
        excl.push(tg);
        let mn = &m.actors[tg];
        let own_capital = mn
            .actors
            .iter()
            .all(|a| a.code.as_deref().is_some_and(|c| own.contains(&c)));
        if mn.loc_ambiguous && (!a_recipient(event, visit) || own_capital) {
            place.get_or_insert(tg);
            continue;
        }
        // "Meloni ha ricevuto a Palazzo Chigi": the host's own seat is where, not whom
        let mut k = mn.start;
        while k > 0 && s.is(k - 1, Class::Determiner) {
            k -= 1;
        }
        if event == "CONSULT" && own_capital && k > 0 && s.is(k - 1, Class::LocPrep) {
            continue;
        }
        if mn.kind == MentionKind::Actor && !mn.actors.iter().any(|a| a.code.is_some()) {
            fallback.get_or_insert(tg);
            continue;
        }
        // a coded name far behind the code-less object belongs to something else ("553
        // prigionieri politici nell'ambito di un accordo con il Vaticano")
        if let Some(f) = fallback {
            if mn.start > m.actors[f].end + 3 {
                break;
            }
        }
        return (Some(tg), place);
    }
    (fallback, place)
}

/// Italian events located in a country: the place names the recipient of an attack, arrest,
/// aid, condemnation or deployment with none in the text ("obiettivi nel sud del Libano"),
/// and the country of civilians, police or armed groups named without one ("migliaia di
/// persone hanno manifestato a Tel Aviv").
fn place_roles(
    s: &Sentence,
    m: &Mentions,
    event: &str,
    head: usize,
    source: &mut Side,
    target: &mut Side,
    reciprocal: bool,
) {
    let ci = s.clause_of[head];
    let place = m
        .places
        .iter()
        .filter(|pl| pl.country_name.is_some())
        .min_by_key(|pl| {
            (
                s.clause_of[pl.start] != ci,
                pl.start < head,
                pl.start.abs_diff(head),
            )
        });
    let (code, cname) = place
        .and_then(|pl| pl.place.country_code.clone().zip(pl.country_name.clone()))
        .unwrap_or_default();
    let has_place = !code.is_empty();
    let codeless =
        |side: &Side| matches!(side, Side::Actors(a) if a.iter().all(|x| x.code.is_none()));
    let localize = |side: &mut Side| {
        if let Side::Actors(a) = side {
            for x in a.iter_mut() {
                let local = matches!(
                    x.sector.as_deref(),
                    Some("CVL" | "COP" | "OPP" | "LAB" | "EDU" | "REB" | "UAF" | "CRM" | "JUD")
                );
                if x.code.is_none() && local {
                    x.name = format!("{cname} {}", x.role.as_deref().unwrap_or(&x.name));
                    x.code = Some(code.clone());
                }
            }
        }
    };
    if has_place && codeless(source) {
        let same = *target == *source;
        localize(source);
        if reciprocal && (same || codeless(target)) {
            localize(target);
        }
    }
    let src_codes: Vec<String> = match &*source {
        Side::Actors(a) => a.iter().filter_map(|x| x.code.clone()).collect(),
        _ => Vec::new(),
    };
    // "la liberazione del giornalista detenuto in Azerbaigian": people named without a
    // country, with a place after the event word, are of that place
    if has_place && !reciprocal && codeless(target) && place.is_some_and(|pl| pl.start > head) {
        if let Side::Actors(a) = &mut *target {
            for x in a.iter_mut() {
                if matches!(
                    x.sector.as_deref(),
                    Some("CVL" | "MED" | "OPP" | "LAB" | "EDU" | "HLH" | "JUD" | "COP")
                ) {
                    x.name = format!("{cname} {}", x.role.as_deref().unwrap_or(&x.name));
                    x.code = Some(code.clone());
                }
            }
        }
    }
    let located = matches!(
        event,
        "ASSAULT" | "COERCE" | "AID" | "ACCUSE" | "SUPPORT" | "MOBILIZE"
    );
    let foreign_only = matches!(event, "AID" | "SUPPORT");
    // "studenti serbi … contro il governo": a protest's bare government is their own
    if event == "PROTEST" && codeless(target) {
        if let (Side::Actors(a), Some(sc)) = (&mut *target, src_codes.first()) {
            for x in a.iter_mut() {
                x.code = Some(sc.clone());
            }
        }
    }
    // "la polizia serba ha arrestato decine di manifestanti", "il regime di Teheran ha
    // impiccato un manifestante": people acted on by their own state, lacking a place
    let state_source = matches!(&*source, Side::Actors(a)
        if a.iter().any(|x| matches!(x.sector.as_deref(), Some("GOV" | "JUD" | "COP"))));
    if (event == "COERCE" || event == "ASSAULT" && state_source) && !has_place && codeless(target) {
        if let (Side::Actors(a), Some(sc)) = (&mut *target, src_codes.first()) {
            for x in a.iter_mut() {
                x.code = Some(sc.clone());
            }
        }
    }
    // "ha inviato truppe ugandesi nel Sud Sudan": the forces deployed are no recipient
    if event == "MOBILIZE" && has_place {
        if let Side::Actors(a) = &*target {
            if a.iter()
                .all(|x| x.code.as_ref().is_some_and(|c| src_codes.contains(c)))
            {
                *target = Side::Unknown;
            }
        }
    }
    let distinct: std::collections::BTreeSet<&String> = src_codes.iter().collect();
    // "scontri tra manifestanti e polizia" stays among its parties; "Israele riprenderà i
    // combattimenti a Gaza" is aimed at the place
    if located
        && has_place
        && !(reciprocal
            && (distinct.len() >= 2 || matches!(&*source, Side::Actors(a) if a.len() >= 2)))
        && !has_code(target)
        && !src_codes.is_empty()
        && (!foreign_only || !src_codes.contains(&code))
    {
        *target = Side::Actors(vec![ActorRef {
            name: cname,
            code: Some(code),
            sector: None,
            role: None,
            wikidata: None,
            person: false,
        }]);
    }
}

/// An Italian noun after a preposition ("una risoluzione sul cessate il fuoco", "un
/// ultimatum per la restituzione degli ostaggi") is the content of another noun: the
/// clause's subject is not its actor. Nouns of phase ("l'avvio dell'offensiva") are not.
fn noun_complement(s: &Sentence, head: usize) -> bool {
    let mut k = head;
    while k > 0 && s.is(k - 1, Class::Determiner) {
        // "del suo viaggio": a possessive points back to the subject
        if matches!(
            s.low(k - 1),
            "suo" | "sua" | "suoi" | "sue" | "loro" | "proprio" | "propria"
        ) {
            return false;
        }
        k -= 1;
    }
    if k < 2 {
        return false;
    }
    // ("prendere d'assalto" is no complement: "d'" is left out)
    let prep = matches!(
        s.low(k - 1),
        "di" | "del"
            | "della"
            | "dello"
            | "dell'"
            | "dei"
            | "degli"
            | "delle"
            | "su"
            | "sul"
            | "sulla"
            | "sullo"
            | "sull'"
            | "sui"
            | "sugli"
            | "sulle"
            | "per"
            | "dopo"
            | "prima"
            | "durante"
    );
    let phase = matches!(
        s.low(k - 2),
        "inizio"
            | "avvio"
            | "ripresa"
            | "serie"
            | "ondata"
            | "lancio"
            | "escalation"
            | "intensificazione"
    );
    prep && !phase && s.toks[k - 2].kind == parley_text::TokenKind::Word
}

/// A verb pattern matched by a derived noun ("bombardamenti", "restituzione": verb and
/// noun share the stem) is read as a noun: its actors are adjectives and "di X".
/// So is a participle form after an article ("l'offerta di Kiev", "all'attacco indiano").
fn eff_pos(lang: Lang, p: &EventPattern, s: &Sentence, head: usize) -> Pos {
    let nominal = ["mento", "menti", "zione", "zioni", "sione", "sioni"];
    let w = s.low(head);
    let after_article =
        head > 0 && (s.is(head - 1, Class::Article) || s.is(head - 1, Class::ArticlePrep));
    if p.pos == Pos::Verb
        && lang == Lang::It
        && (after_article || nominal.iter().any(|x| w.ends_with(x)))
    {
        Pos::Noun
    } else {
        p.pos
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

/// A verb event's subject, kept for the verbs coordinated with it.
struct VerbSubject {
    head: usize,
    source: Side,
    src_idx: Vec<usize>,
    event: &'static str,
    /// Its event in the sentence's output, if it made one.
    out: Option<usize>,
}

/// A finite verb right after "and"/"e" (or a gerund right after a comma: "killing",
/// "uccidendo") has no subject of its own; it shares the subject of the verb before it.
fn shares_subject(lang: Lang, s: &Sentence, head: usize) -> bool {
    let mut k = head;
    while k > 0
        && !s.is_punct(k - 1)
        && (s.is(k - 1, Class::AuxPerfect)
            || s.is(k - 1, Class::AuxPassive)
            || s.is(k - 1, Class::Negation)
            || s.is(k - 1, Class::Hypothetical)
            || matches!(
                s.low(k - 1),
                "will"
                    | "would"
                    | "also"
                    | "then"
                    | "later"
                    | "thereby"
                    | "again"
                    | "still"
                    | "anche"
                    | "poi"
                    | "quindi"
                    | "inoltre"
                    | "infine"
            )
            || (lang == Lang::En && s.low(k - 1).ends_with("ly") && s.low(k - 1).len() > 4)
            || (lang == Lang::It && s.low(k - 1).ends_with("mente") && s.low(k - 1).len() > 6))
    {
        k -= 1;
    }
    if k == 0 {
        return false;
    }
    let w = s.low(k - 1);
    s.is(k - 1, Class::Coord)
        || matches!(w, "but" | "yet" | "or" | "nor" | "ma" | "però")
        || (w == "," && is_gerund(lang, s.low(head)))
}

/// An adverbial gerund form: English "-ing", Italian "-ando"/"-endo" (with clitics:
/// "uccidendone", "chiedendogli").
fn is_gerund(lang: Lang, w: &str) -> bool {
    let long = w.chars().count() > 5;
    match lang {
        Lang::En => long && w.ends_with("ing"),
        _ => {
            const CLITICS: [&str; 14] = [
                "", "ne", "lo", "la", "li", "le", "gli", "si", "ci", "vi", "mi", "ti", "glielo",
                "gliene",
            ];
            long && ["ando", "endo"].iter().any(|g| {
                CLITICS
                    .iter()
                    .any(|c| w.strip_suffix(c).is_some_and(|v| v.ends_with(g)))
            })
        }
    }
}

/// The first subject-like mention of the sentence before `head` (the main clause's subject).
fn first_subject(s: &Sentence, m: &Mentions, head: usize) -> Option<usize> {
    m.actors
        .iter()
        .enumerate()
        .find(|(_, mn)| {
            mn.end <= head
                && !mn.adj_only
                && mn.kind != MentionKind::Parties
                && prep_before(s, mn.start).is_none()
                && matches!(
                    s.clauses[s.clause_of[mn.start]].kind,
                    ClauseKind::Main | ClauseKind::Other
                )
        })
        .map(|(i, _)| m.with_group(i)[0])
}

/// English recipients the clause-bound search misses: "demanded that the US cancel …" (the
/// subject of the demanded clause), "sought help from X", "rejected an offer from X",
/// "accepted demands by X".
fn en_object_target(
    s: &Sentence,
    m: &Mentions,
    event: &str,
    head: usize,
    last: usize,
    exclude: &[usize],
) -> Option<usize> {
    let n = s.toks.len();
    let that = [head + 1, last + 1]
        .into_iter()
        .find(|&k| k < n && s.low(k) == "that");
    if let (Some(that), "REQUEST") = (that, event) {
        let last = that - 1;
        return m.actors.iter().enumerate().find_map(|(i, mn)| {
            (mn.start > last + 1
                && mn.start <= last + 5
                && !mn.adj_only
                && !exclude.contains(&i)
                && !(last + 2..mn.start).any(|k| s.is_punct(k))
                && prep_before(s, mn.start).is_none())
            .then_some(i)
        });
    }
    if event == "THREATEN" {
        // "threatened to strike unless Baghdad accepted …": the one the condition is put to
        let c = s.clauses.iter().position(|c| {
            c.kind == ClauseKind::Condition && c.start > last && c.start <= last + 12
        })?;
        let cl = s.clauses[c];
        return m.actors.iter().enumerate().find_map(|(i, mn)| {
            (mn.start > cl.start
                && mn.start < cl.end
                && mn.start <= cl.start + 4
                && !mn.adj_only
                && mn.kind != MentionKind::Parties
                && !exclude.contains(&i)
                && prep_before(s, mn.start).is_none())
            .then_some(i)
        });
    }
    if !matches!(event, "REQUEST" | "REJECT" | "AGREE" | "CONCEDE") {
        return None;
    }
    m.actors.iter().enumerate().find_map(|(i, mn)| {
        let ok = mn.start > last + 1
            && mn.start <= last + 6
            && !exclude.contains(&i)
            && !(last + 1..mn.start).any(|k| s.is_punct(k))
            && {
                let mut k = mn.start;
                while k > 0 && s.is(k - 1, Class::Determiner) {
                    k -= 1;
                }
                k > 0 && matches!(s.low(k - 1), "from" | "by")
            };
        ok.then_some(i)
    })
}

/// The country where an event in clause `ci` happens: a place in that clause, else a place
/// after a locative preposition anywhere in the sentence.
fn event_country(s: &Sentence, m: &Mentions, ci: usize, head: usize) -> Option<(String, String)> {
    let in_clause = m
        .places
        .iter()
        .filter(|pl| s.clause_of[pl.start] == ci)
        .min_by_key(|pl| (!pl.locative, pl.start.abs_diff(head)));
    in_clause
        .or_else(|| {
            m.places
                .iter()
                .filter(|pl| {
                    pl.locative
                        && matches!(
                            s.clauses[s.clause_of[pl.start]].kind,
                            ClauseKind::Main | ClauseKind::Other
                        )
                })
                .min_by_key(|pl| pl.start.abs_diff(head))
        })
        .and_then(|pl| Some((pl.place.country_code.clone()?, pl.place.name.clone())))
}

/// English, following the PLOVER coders' practice: an actor named only by its role
/// ("demonstrators in Baghdad", "gunmen", "police") is of the country where the event
/// happens; an unnamed population acted upon by a national actor is, lacking a place, of
/// that actor's country ("Mozambique accepted the rebels' demands"); an attack by no one
/// named ("a roadside bomb near Samarra killed …") is coded to the place's country.
#[allow(clippy::too_many_arguments)]
fn en_fill_codes(
    s: &Sentence,
    m: &Mentions,
    ci: usize,
    head: usize,
    event: &str,
    verb: bool,
    source: &mut Side,
    target: &mut Side,
) {
    let foreign = |a: &ActorRef| matches!(a.sector.as_deref(), Some("IGO" | "NGO"));
    // the place right after the mention ("police in Jericho"), else the event's
    let own_place = |a: &ActorRef| -> Option<String> {
        let mn = m.actors.iter().find(|mn| mn.actors.contains(a))?;
        let e = mn.end;
        if e >= s.toks.len() || !s.is(e, Class::LocPrep) {
            return None;
        }
        m.places
            .iter()
            .find(|pl| pl.start > e && pl.start <= e + 3)
            .and_then(|pl| pl.place.country_code.clone())
    };
    let here = event_country(s, m, ci, head);
    let src_code: Option<String> = match &*source {
        Side::Actors(a) => a.iter().find_map(|x| x.code.clone()),
        _ => None,
    };
    if let Side::Actors(a) = source {
        for x in a.iter_mut().filter(|x| x.code.is_none() && !foreign(x)) {
            x.code = own_place(x).or_else(|| here.as_ref().map(|h| h.0.clone()));
        }
    }
    if let Side::Actors(a) = target {
        for x in a.iter_mut().filter(|x| x.code.is_none() && !foreign(x)) {
            let domestic = matches!(
                x.sector.as_deref(),
                Some("CVL" | "OPP" | "LAB" | "EDU" | "MED" | "BUS" | "HLH" | "REL" | "REF")
            ) || (!x.person
                && matches!(x.sector.as_deref(), Some("GOV" | "COP" | "JUD" | "LEG")));
            x.code = own_place(x)
                .or_else(|| here.as_ref().map(|h| h.0.clone()))
                .or_else(|| src_code.clone().filter(|_| domestic));
        }
    }
    // where an attack, a crackdown, a threat, a protest or aid is aimed, lacking a named
    // recipient: the place it happens in ("shelled positions near Rafah")
    if *target == Side::Unknown
        && matches!(
            event,
            "ASSAULT"
                | "COERCE"
                | "THREATEN"
                | "PROTEST"
                | "AID"
                | "MOBILIZE"
                | "CONCEDE"
                | "RETREAT"
        )
    {
        if let Some((code, name)) = &here {
            *target = Side::Actors(vec![ActorRef {
                name: name.clone(),
                code: Some(code.clone()),
                sector: None,
                role: None,
                wikidata: None,
                person: false,
            }]);
        }
    }
    // an event at home with no one named on the other side concerns that country
    // ("Sudan lifted the state of emergency in West Darfur")
    if *target == Side::Unknown {
        if let (Some((code, name)), Side::Actors(a)) = (&here, &*source) {
            if a.iter().any(|x| x.code.as_ref() == Some(code)) {
                *target = Side::Actors(vec![ActorRef {
                    name: name.clone(),
                    code: Some(code.clone()),
                    sector: None,
                    role: None,
                    wikidata: None,
                    person: false,
                }]);
            }
        }
    }
    // (only in the main line: "in Serbia, where 24 people were killed last March" is
    // background)
    let main_line = matches!(s.clauses[ci].kind, ClauseKind::Main | ClauseKind::Content);
    if *source == Side::Unknown && event == "ASSAULT" && verb && main_line {
        if let Some((code, name)) = &here {
            *source = Side::Actors(vec![ActorRef {
                name: format!("unidentified ({name})"),
                code: Some(code.clone()),
                sector: None,
                role: None,
                wikidata: None,
                person: false,
            }]);
        }
    }
}

/// A side with at least one coded actor (a country, body or group).
fn has_code(side: &Side) -> bool {
    matches!(side, Side::Actors(a) if a.iter().any(|x| x.code.is_some()))
}

/// "must"/"should" as a trigger: the modal of a demand ("Kyiv must withdraw").
fn is_demand_modal(s: &Sentence, k: usize) -> bool {
    matches!(s.low(k), "must" | "should")
}

/// The speaker whose reported content holds token `head`: "X said (that) … head …" or
/// "… head …, X said".
fn speaker_for(
    s: &Sentence,
    m: &Mentions,
    speeches: &[(usize, usize, Option<usize>)],
    head: usize,
) -> Option<usize> {
    speeches.iter().find_map(|&(pos, end, speaker)| {
        let sp = speaker?;
        let after = head > pos
            && m.actors[sp].start < pos
            && (s.clauses[s.clause_of[head]].kind == ClauseKind::Content
                || (end < s.toks.len() && s.low(end) == "that")
                || head < end + 6);
        let before =
            head < pos && m.actors[sp].start > head && s.clause_of[head] != s.clause_of[pos];
        (after || before).then_some(sp)
    })
}

/// English apposition: in "Pakistan, a key U.S. ally in the war, has refused …" the subject
/// is Pakistan, not the ally's adjective inside the commas.
fn en_apposition_head(s: &Sentence, m: &Mentions, sj: usize) -> usize {
    let c = s.clauses[s.clause_of[m.actors[sj].start]];
    if c.start < 2 || s.raw(c.start - 1) != "," || !matches!(s.low(c.start), "a" | "an" | "the") {
        return sj;
    }
    m.actors
        .iter()
        .position(|mn| {
            mn.end == c.start - 1
                && !mn.adj_only
                && mn.kind == MentionKind::Actor
                && prep_before(s, mn.start).is_none()
        })
        .map_or(sj, |p| m.with_group(p)[0])
}

/// English: "it"/"they" stands right before the verb (past its auxiliaries and modals).
fn en_pronoun_before(s: &Sentence, head: usize) -> bool {
    let mut k = head;
    while k > 0
        && (s.is(k - 1, Class::AuxPerfect)
            || s.is(k - 1, Class::AuxPassive)
            || s.is(k - 1, Class::Negation)
            || s.is(k - 1, Class::Hypothetical)
            || matches!(s.low(k - 1), "will" | "would" | "also" | "still" | "soon"))
    {
        k -= 1;
    }
    k > 0 && matches!(s.low(k - 1), "it" | "they")
}
