import { compile } from 'html-to-text';
import { Liquid, LiquidError, type Template } from 'liquidjs';
import mjml2html from 'mjml';
import { registerFormattingFilters } from './liquid-filters.ts';
import type { Channel } from './templates.schemas.ts';

function createEngine(isHtml: boolean): Liquid {
  const engine = new Liquid({
    // An unknown filter is a parse error, found when the template is saved.
    strictFilters: true,
    // No file system: {% include %} and {% render %} find nothing.
    templates: {},
    ownPropertyOnly: true,
    // A template is a workspace member's code running in the server: bound its time and memory
    // (`{% for i in (1..100000000) %}` fails, at save, instead of holding a worker).
    parseLimit: 1_000_000,
    renderLimit: 2_000,
    memoryLimit: 50_000_000,
    // Values going into HTML are escaped (`| raw` opts out); text channels take them as they are.
    ...(isHtml ? { outputEscape: 'escape' as const } : {}),
  });
  registerFormattingFilters(engine);
  return engine;
}

const htmlEngine = createEngine(true);
const textEngine = createEngine(false);

/** Where in a template a problem is: a Liquid error's position, or an MJML line. */
export interface TemplateProblem {
  field: 'subject' | 'body';
  message: string;
  line: number | null;
  column: number | null;
}

export class TemplateProblemError extends Error {
  readonly problem: TemplateProblem;
  constructor(problem: TemplateProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

function liquidProblem(field: TemplateProblem['field'], error: unknown): TemplateProblem {
  if (error instanceof LiquidError) {
    const [line, column] = error.token?.getPosition?.() ?? [null, null];
    // Liquid's own message ends with ", line:2, col:3": the position is given apart.
    return { field, message: error.message.replace(/, line:\d+, col:\d+$/, ''), line: line ?? null, column: column ?? null };
  }
  return { field, message: error instanceof Error ? error.message : String(error), line: null, column: null };
}

function parse(engine: Liquid, field: TemplateProblem['field'], source: string): Template[] {
  try {
    return engine.parse(source);
  } catch (error) {
    throw new TemplateProblemError(liquidProblem(field, error));
  }
}

async function render(engine: Liquid, field: TemplateProblem['field'], templates: Template[], scope: object): Promise<string> {
  try {
    return String(await engine.render(templates, scope, { strictVariables: false }));
  } catch (error) {
    throw new TemplateProblemError(liquidProblem(field, error));
  }
}

export interface TemplateSource {
  channel: Channel;
  subject: string | null;
  body: string;
}

export interface RenderedMessage {
  channel: Channel;
  subject?: string;
  html?: string;
  text: string;
}

/**
 * Renders a template against a scope. Email: Liquid, then MJML to responsive HTML, then a plain-text
 * part from that HTML. With `isStrict`, MJML's strict validation turns any MJML error into a problem
 * (saving); without it, MJML renders what it can (sending a template that was checked when saved).
 */
export async function renderSource(source: TemplateSource, scope: object, options: { isStrict: boolean }): Promise<RenderedMessage> {
  if (source.channel !== 'email') {
    const text = await render(textEngine, 'body', parse(textEngine, 'body', source.body), scope);
    return { channel: source.channel, text: text.trim() };
  }
  const subjectTemplates = parse(textEngine, 'subject', source.subject ?? '');
  const bodyTemplates = parse(htmlEngine, 'body', source.body);
  const subject = (await render(textEngine, 'subject', subjectTemplates, scope)).replace(/\s+/g, ' ').trim();
  const mjml = await render(htmlEngine, 'body', bodyTemplates, scope);
  const html = await mjmlToHtml(mjml, options.isStrict);
  return { channel: 'email', subject, html, text: textPart(html) };
}

// Compiled once: converting with options each time rebuilds the selector tables, most of the cost.
const textPart = compile({
  wordwrap: 78,
  selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
});

/**
 * A template prepared for many recipients (a campaign): the Liquid parsed once and, for email, MJML
 * turned into HTML once with the Liquid kept in it, so each person costs a Liquid render and the text
 * part. MJML moves or drops Liquid placed between its elements, so the shortcut is taken only when it
 * renders the sample exactly as the full path does; otherwise every person takes the full path.
 */
export async function compileSource(source: TemplateSource, sampleScope: object): Promise<(scope: object) => Promise<RenderedMessage>> {
  const fullPath = (scope: object) => renderSource(source, scope, { isStrict: false });
  if (source.channel !== 'email') {
    const body = parse(textEngine, 'body', source.body);
    return async (scope) => ({ channel: source.channel, text: (await render(textEngine, 'body', body, scope)).trim() });
  }
  const subject = parse(textEngine, 'subject', source.subject ?? '');
  let body: Template[];
  try {
    body = parse(htmlEngine, 'body', await mjmlToHtml(source.body, false));
  } catch {
    return fullPath;
  }
  const compiled = async (scope: object): Promise<RenderedMessage> => {
    const html = await render(htmlEngine, 'body', body, scope);
    return { channel: 'email', subject: (await render(textEngine, 'subject', subject, scope)).replace(/\s+/g, ' ').trim(), html, text: textPart(html) };
  };
  // The sample as it is and with an empty person: the branches a condition on the person takes both ways.
  // Compared up to whitespace beside tags: MJML trims an element's text, so an empty value at its
  // end leaves a space in the shortcut's HTML that the full path drops, and a browser shows neither.
  const loose = (html: string | undefined) => (html ?? '').replace(/\s+/g, ' ').replace(/ ?(<|>) ?/g, '$1');
  const outcome = (rendered: Promise<RenderedMessage>) => rendered.then((r) => `${r.subject}\n${loose(r.html)}\n${r.text}`, () => 'fails');
  for (const probe of [sampleScope, { ...sampleScope, person: {} }]) {
    if (await outcome(compiled(probe)) !== await outcome(fullPath(probe))) return fullPath;
  }
  return compiled;
}

async function mjmlToHtml(mjml: string, isStrict: boolean): Promise<string> {
  try {
    const result = await mjml2html(mjml, { validationLevel: isStrict ? 'strict' : 'soft', keepComments: false });
    return result.html;
  } catch (error) {
    // Strict validation throws with every error found; the first one is reported with its line.
    const first = (error as { errors?: { line?: number; message?: string }[] }).errors?.[0];
    throw new TemplateProblemError({
      field: 'body',
      message: `MJML: ${first?.message ?? (error instanceof Error ? error.message : String(error))}`,
      line: first?.line ?? null,
      column: null,
    });
  }
}

/** Parses the subject and the body without rendering: syntax errors and unknown filters. */
export function parseSource(source: TemplateSource): void {
  if (source.channel === 'email') {
    parse(textEngine, 'subject', source.subject ?? '');
    parse(htmlEngine, 'body', source.body);
  } else {
    parse(textEngine, 'body', source.body);
  }
}
