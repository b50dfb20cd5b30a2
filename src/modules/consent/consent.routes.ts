import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { linkTokenSchema, verifyLink, type LinkKind, type LinkPayload } from './consent-links.ts';
import { messagePage, pageLanguage, preferencesPage, textsFor } from './consent.pages.ts';
import { CHANNELS, consentEntrySchema, PURPOSES, personConsentsSchema, recordConsentSchema } from './consent.schemas.ts';
import {
  applyPersonChoices, ConsentErrors, confirmPendingConsent, listPersonConsents, personPreferences, recordConsent, type LinkProof,
} from './consent.service.ts';

const personParams = z.strictObject({ id: z.uuid() });
const tokenParams = z.strictObject({ token: linkTokenSchema });
const langQuery = z.object({ lang: z.string().max(10).optional() });
// A page answers a link nobody can use with a page, not JSON: people, not programs, follow these.
const FAILURE_STATUS = { invalid: 400, expired: 410, superseded: 409 } as const;

const proofOf = (request: FastifyRequest): LinkProof => ({
  ip: request.ip || null, userAgent: request.headers['user-agent']?.slice(0, 1000) ?? null, requestId: String(request.id),
});

function sendPage(reply: FastifyReply, status: number, html: string) {
  // The token is in the URL: keep it out of caches and out of Referer headers of anything the page loads.
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);
}

export function registerConsentRoutes(app: ApiApp, { db, config, jobs }: ModuleContext) {
  app.get('/api/v1/people/:id/consents', {
    schema: {
      tags: ['consent'], summary: 'A person’s current consent per channel × purpose and the ledger behind it, newest first',
      params: personParams, querystring: pageQuerySchema, response: { 200: personConsentsSchema },
    },
  }, async (request) => listPersonConsents(contextOf(request, db), request.params.id, request.query));

  app.post('/api/v1/people/:id/consents', {
    schema: {
      tags: ['consent'],
      summary: 'Record a grant or withdrawal with its proof; an email grant with double_opt_in is pending until the person follows the mailed link',
      params: personParams, body: recordConsentSchema, response: { 201: consentEntrySchema },
    },
  }, async (request, reply) => reply.code(201).send(await recordConsent(contextOf(request, db), jobs, request.params.id, request.body)));

  // Public pages and the RFC 8058 endpoint: outside /api/v1, so no session or key; the signed token is the credential.
  app.register(async (scope) => {
    const pub = scope.withTypeProvider<ZodTypeProvider>();
    // RFC 8058 §3.1: the one-click POST comes as multipart/form-data or as a form; its body says nothing the URL doesn't.
    pub.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

    const check = <K extends LinkKind>(token: string, kind: K) => verifyLink(db, config, token, kind);
    const failurePage = (reply: FastifyReply, request: FastifyRequest, reason: keyof typeof FAILURE_STATUS, lang?: string) => {
      const language = pageLanguage({ query: lang, acceptLanguage: request.headers['accept-language'] });
      const t = textsFor(language);
      const [title, text] = {
        invalid: [t.invalidTitle, t.invalidText], expired: [t.expiredTitle, t.expiredText], superseded: [t.supersededTitle, t.supersededText],
      }[reason];
      return sendPage(reply, FAILURE_STATUS[reason], messagePage(language, title, text));
    };
    const languageOf = (request: FastifyRequest, payload: LinkPayload, lang?: string) =>
      pageLanguage({ query: lang, link: payload.l, acceptLanguage: request.headers['accept-language'] });

    pub.get('/c/confirm/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery } }, async (request, reply) => {
      const link = await check(request.params.token, 'confirm');
      if (!link.isValid) return failurePage(reply, request, link.reason, request.query.lang);
      try {
        const result = await confirmPendingConsent(db, link.payload.w, link.payload.x, proofOf(request));
        const t = textsFor(languageOf(request, link.payload, request.query.lang));
        return sendPage(reply, 200, messagePage(languageOf(request, link.payload, request.query.lang), t.confirmedTitle,
          result.outcome === 'confirmed' ? t.confirmedText : t.alreadyConfirmedText));
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'CONSENT_LINK_SUPERSEDED') return failurePage(reply, request, 'superseded', request.query.lang);
        // The pending entry or the person is gone from this workspace.
        if (code === 'CONSENT_LINK_INVALID' || code === 'NOT_FOUND') return failurePage(reply, request, 'invalid', request.query.lang);
        throw error;
      }
    });

    pub.get('/u/:token', { schema: { hide: true, params: tokenParams, querystring: langQuery.extend({ saved: z.string().max(1).optional() }) } }, async (request, reply) => {
      const link = await check(request.params.token, 'unsubscribe');
      if (!link.isValid) return failurePage(reply, request, link.reason, request.query.lang);
      const language = languageOf(request, link.payload, request.query.lang);
      try {
        const items = await personPreferences(db, link.payload.w, link.payload.p);
        return sendPage(reply, 200, preferencesPage(language, `/u/${request.params.token}/preferences`, items, request.query.saved === '1'));
      } catch (error) {
        if ((error as { code?: string }).code === 'NOT_FOUND') return failurePage(reply, request, 'invalid', request.query.lang);
        throw error;
      }
    });

    pub.post('/u/:token/preferences', { schema: { hide: true, params: tokenParams } }, async (request, reply) => {
      const link = await check(request.params.token, 'unsubscribe');
      if (!link.isValid) return failurePage(reply, request, link.reason);
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const choices = CHANNELS.flatMap((channel) => PURPOSES.map((purpose) => ({ channel, purpose, isOn: form.has(`${channel}.${purpose}`) })));
      try {
        await applyPersonChoices(db, link.payload.w, link.payload.p, choices, proofOf(request));
      } catch (error) {
        if ((error as { code?: string }).code === 'NOT_FOUND') return failurePage(reply, request, 'invalid');
        throw error;
      }
      // Post/redirect/get, so reloading the page does not post the form again.
      const lang = form.get('lang');
      return reply.code(303).header('cache-control', 'no-store')
        .redirect(`/u/${request.params.token}?saved=1${lang === 'ru' || lang === 'en' ? `&lang=${lang}` : ''}`);
    });

    pub.post('/u/:token', {
      schema: {
        tags: ['consent'], security: [],
        summary: 'One-click unsubscribe (RFC 8058): the List-Unsubscribe URL of a message; withdraws what the link names, email marketing by default',
        params: tokenParams,
        response: { 200: z.object({ status: z.literal('unsubscribed'), channel: z.enum(CHANNELS), purpose: z.enum(PURPOSES) }) },
      },
    }, async (request) => {
      const link = await check(request.params.token, 'unsubscribe');
      if (!link.isValid) throw link.reason === 'expired' ? ConsentErrors.CONSENT_LINK_EXPIRED({ field: 'token' }) : ConsentErrors.CONSENT_LINK_INVALID({ field: 'token' });
      const { w, p, c, u } = link.payload;
      await applyPersonChoices(db, w, p, [{ channel: c, purpose: u, isOn: false }], proofOf(request));
      return { status: 'unsubscribed' as const, channel: c, purpose: u };
    });
  });
}
