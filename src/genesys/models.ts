/**
 * The Genesys Cloud objects the bot reads and writes, named once, as the official SDK's own models
 * (`purecloud-platform-client-v2`): the client returns them and the fake org stores them, so a field the SDK does
 * not know fails the type check on both sides.
 */
import type platformClient from 'purecloud-platform-client-v2';

export type TrunkBase = platformClient.Models.TrunkBase;
export type Trunk = platformClient.Models.Trunk;
export type TrunkMetrics = platformClient.Models.TrunkMetrics;
export type NumberPlan = platformClient.Models.NumberPlan;
export type OutboundRoute = platformClient.Models.OutboundRouteBase;
export type Edge = platformClient.Models.Edge;
export type EdgeGroup = platformClient.Models.EdgeGroup;
export type Site = platformClient.Models.Site;
export type Location = platformClient.Models.LocationDefinition;
export type DidPool = platformClient.Models.DIDPool;
export type DidNumber = platformClient.Models.DIDNumber;
export type Did = platformClient.Models.DID;
export type User = platformClient.Models.User;
export type UpdateUser = platformClient.Models.UpdateUser;
export type Ivr = platformClient.Models.IVR;
export type Product = platformClient.Models.DomainOrganizationProduct;
export type EntityRef = platformClient.Models.DomainEntityRef;
export type AuditLogMessage = platformClient.Models.AuditLogMessage;
export type AuditQueryFilter = platformClient.Models.AuditQueryFilter;
export type AuditQuerySort = platformClient.Models.AuditQuerySort;
export type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
export type NotificationChannel = platformClient.Models.Channel;
/** Payloads of the trunk and edge notification topics (the watch reads them). */
export type TrunkInstanceTopicTrunk = platformClient.Models.TrunkInstanceTopicTrunk;
export type EdgeChangeTopicEdge = platformClient.Models.EdgeChangeTopicEdge;
