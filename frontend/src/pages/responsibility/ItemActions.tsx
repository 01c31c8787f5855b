import { useState } from 'react';
import { App, Button, Space, Tooltip, type ButtonProps } from 'antd';
import { DeleteOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useClient, useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  DeleteRespItemDocument,
  RespItemDocument,
  RestoreRespItemDocument,
  RetireRespItemDocument,
} from '../../graphql/graphql';
import { errorMessage } from '../../api/errors';
import type { Item } from './model';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

/**
 * 停用 / 恢复 / 删除 of one item, each confirmed with what will happen. Delete asks the server first
 * whether tasks refer to the item (`deletable`): if they do, it explains and offers to retire it instead.
 */
export default function ItemActions({
  item,
  size = 'middle',
  onChanged,
  onDeleted,
}: {
  item: Item;
  size?: 'small' | 'middle';
  onChanged: () => void;
  onDeleted?: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useClient();
  const [retireRes, retire] = useMutation(RetireRespItemDocument);
  const [restoreRes, restore] = useMutation(RestoreRespItemDocument);
  const [, remove] = useMutation(DeleteRespItemDocument);
  const [checking, setChecking] = useState(false);

  const doRetire = () =>
    modal.confirm({
      title: t('resp.actions.retireTitle', { title: item.title }),
      content: t('resp.actions.retireText'),
      okText: t('resp.actions.retire'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'resp-confirm-retire' } as ButtonProps,
      onOk: async () => {
        const r = await retire({ id: item.id });
        if (r.error) message.error(errorMessage(t, r.error));
        else {
          message.success(t('resp.actions.retired'));
          onChanged();
        }
      },
    });

  const doRestore = async () => {
    const r = await restore({ id: item.id });
    if (r.error) message.error(errorMessage(t, r.error));
    else {
      message.success(t('resp.actions.restored'));
      onChanged();
    }
  };

  const doDelete = async () => {
    setChecking(true);
    const r = await client.query(RespItemDocument, { id: item.id }, { requestPolicy: 'network-only' }).toPromise();
    setChecking(false);
    if (r.error) return void message.error(errorMessage(t, r.error));
    const node = r.data?.node;
    const deletable = node && 'deletable' in node ? node.deletable : false;
    if (!deletable) {
      if (item.retired) {
        modal.info({ title: t('resp.actions.notDeletableTitle'), content: t('resp.actions.notDeletableRetired'), okText: t('common.close') });
        return;
      }
      modal.confirm({
        title: t('resp.actions.notDeletableTitle'),
        content: t('resp.actions.notDeletableText'),
        okText: t('resp.actions.retireInstead'),
        cancelText: t('common.cancel'),
        onOk: async () => {
          const x = await retire({ id: item.id });
          if (x.error) message.error(errorMessage(t, x.error));
          else {
            message.success(t('resp.actions.retired'));
            onChanged();
          }
        },
      });
      return;
    }
    modal.confirm({
      title: t('resp.actions.deleteTitle', { title: item.title }),
      content: t('resp.actions.deleteText'),
      okText: t('resp.actions.delete'),
      okButtonProps: { danger: true, 'data-testid': 'resp-confirm-delete' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: async () => {
        const x = await remove({ id: item.id });
        if (x.error) message.error(errorMessage(t, x.error));
        else {
          message.success(t('resp.actions.deleted'));
          onDeleted?.();
          onChanged();
        }
      },
    });
  };

  return (
    <Space size={4} wrap>
      {item.retired ? (
        <Tooltip title={t('resp.actions.restoreHint')}>
          <Button size={size} icon={<RollbackOutlined />} loading={restoreRes.fetching} onClick={doRestore} data-testid="resp-restore">
            {t('resp.actions.restore')}
          </Button>
        </Tooltip>
      ) : (
        <Button size={size} icon={<StopOutlined />} loading={retireRes.fetching} onClick={doRetire} data-testid="resp-retire">
          {t('resp.actions.retire')}
        </Button>
      )}
      <Button size={size} danger icon={<DeleteOutlined />} loading={checking} onClick={doDelete} data-testid="resp-delete">
        {t('resp.actions.delete')}
      </Button>
    </Space>
  );
}
