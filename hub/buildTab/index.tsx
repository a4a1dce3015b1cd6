/** Entry point of the build-results tab: connect to the host, then show this build's scan. */
import 'azure-devops-ui/Core/override.css';
import '../shared/hub.css';
import './buildTab.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { describeError } from '../shared/components/errors';
import { BuildTab } from './BuildTab';
import { notifyFailed, notifyLoaded } from '../shared/sdk/hostConnection';
import { connectBuildTab, watchBuild } from './buildTabHost';

const root = document.getElementById('root');

connectBuildTab().then(
  (services) => {
    ReactDOM.render(<BuildTab services={services} buildIds={watchBuild} onReady={notifyLoaded} />, root);
  },
  (e: unknown) => {
    ReactDOM.render(
      <MessageCard severity={MessageCardSeverity.Error}>{`The Security tab could not start: ${describeError(e)}`}</MessageCard>,
      root,
    );
    notifyFailed(e);
  },
);
