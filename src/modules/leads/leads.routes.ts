import { z } from 'zod';
import { contextOf, type ApiApp } from '../../platform/http/server.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { convertLeadSchema, convertLead } from './leads.service.ts';
import {
  findLeadRouting, leadAgentSchema, leadRoutingRulesSchema, leadSettingsSchema, removeLeadAgent, replaceRoutingRules,
  saveLeadAgent, saveLeadSettings,
} from './lead-routing.service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const userParams = z.strictObject({ user_id: z.uuid() });

const routingSchema = z.object({
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Teams rules and the fallback may name'),
  members: z.array(z.object({ user_id: z.uuid(), name: z.string() })).describe('Active members who may become agents'),
  settings: z.object({ default_team_id: z.uuid().nullable(), first_response_minutes: z.number(), reassign_after_minutes: z.number() }),
  rules: z.array(z.object({
    id: z.uuid(), name: z.string(), source: z.string().nullable(), region: z.string().nullable(), product_interest: z.string().nullable(),
    channel: z.string().nullable(), team_id: z.uuid(), is_active: z.boolean(),
  })),
  agents: z.array(z.object({
    user_id: z.uuid(), name: z.string(), is_accepting: z.boolean(), work_days: z.array(z.number()), work_start: z.string(), work_end: z.string(),
    time_zone: z.string(), last_assigned_at: z.string().nullable(), is_on_shift: z.boolean(),
  })),
});

export function registerLeadRoutes(app: ApiApp, { db, records }: ModuleContext) {
  const tags = ['leads'];
  app.post('/api/v1/leads/:id/convert', {
    schema: {
      tags, summary: 'Convert a lead: create or link its person and company and open a deal, in one step', params: idParams, body: convertLeadSchema,
      response: { 200: z.object({ lead_id: z.uuid(), person_id: z.uuid(), company_id: z.uuid().nullable(), deal_id: z.uuid().nullable() }) },
    },
  }, async (request) => convertLead(contextOf(request, db), request.params.id, request.body, (type) => records.get(type)));

  app.get('/api/v1/lead-routing', {
    schema: { tags, summary: 'Lead distribution: SLA settings, routing rules and agents with their shifts', response: { 200: routingSchema } },
  }, async (request) => findLeadRouting(contextOf(request, db)));
  app.put('/api/v1/lead-routing/settings', {
    schema: { tags, summary: 'Set the fallback team and the first-response SLA', body: leadSettingsSchema, response: { 200: routingSchema } },
  }, async (request) => saveLeadSettings(contextOf(request, db), request.body));
  app.put('/api/v1/lead-routing/rules', {
    schema: {
      tags, summary: 'Replace the routing rules; they are tried in the order given',
      body: z.strictObject({ rules: leadRoutingRulesSchema }), response: { 200: routingSchema },
    },
  }, async (request) => replaceRoutingRules(contextOf(request, db), request.body.rules));
  app.put('/api/v1/lead-routing/agents/:user_id', {
    schema: { tags, summary: 'Make a member a lead agent, or change their shift', params: userParams, body: leadAgentSchema, response: { 200: routingSchema } },
  }, async (request) => saveLeadAgent(contextOf(request, db), request.params.user_id, request.body));
  app.delete('/api/v1/lead-routing/agents/:user_id', {
    schema: { tags, summary: 'Stop giving leads to a member', params: userParams, response: { 200: routingSchema } },
  }, async (request) => removeLeadAgent(contextOf(request, db), request.params.user_id));
}
